"""The Learn section's views: one :class:`~ui.learn.base.Lab` per textbook lesson, in the books' order.

The numbers come from :mod:`explorer.labs`, the figures from
:mod:`explorer.viz.labs`, the words from the catalogue (:mod:`ui.i18n`).
"""

from explorer.labs import LAB_IDS
from ui.learn import architectures, basics, evaluation, models, recipes, training
from ui.learn.base import Lab

LABS: dict[str, Lab] = {lab.id: lab for lab in (*basics.LABS, *architectures.LABS, *training.LABS, *evaluation.LABS, *models.LABS, *recipes.LABS)}
assert tuple(LABS) == LAB_IDS, "the views follow explorer.labs.LAB_IDS"
DEFAULT = LAB_IDS[0]
