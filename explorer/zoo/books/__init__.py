"""The textbooks' models, reproduced exactly from their code.

One module per concern; importing this package runs their ``@register``
decorators. Shared Keras semantics (biased layers, 'same' padding, BatchNorm
defaults, Glorot init) live in :mod:`.common`. Every model returns logits.

Sources (digested in ``shared/reference/books-*.md``):
  000  Ferlitsch, *Deep Learning Patterns and Practices*, ch. 3 (TF.Keras)
  001  Elgendy, *Deep Learning for Vision Systems*, ch. 5 (Keras)
  002  *Deep Learning with Swift for TensorFlow*, ch. 6 (S4TF)
  003  Salvaris, Dean & Tok, *Deep Learning with Azure*, ch. 6 (TF 1.x)
"""

# In the order pickers list them: by book, then by chapter order.
from explorer.zoo.books import (  # noqa: F401, I001
    classic,
    vgg_book,
    googlenet_book,
    resnet_book,
    resnet_s4tf,
    azure,
)
