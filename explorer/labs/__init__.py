"""The Learn section's labs: the textbooks' worked examples as pure functions returning records.

One module per lab (no Streamlit, no prose: the interface's catalogue holds the
sentences, in English and Chinese). Every printed number of the books
reproduces here, and where a book errs the record carries the correct value
and flags the erratum (see each module's docstring for the source).

=========  ==========================================  ===================================
id         lab                                         module
=========  ==========================================  ===================================
conv       1. Convolution step by step                 :mod:`explorer.labs.conv`
pointwise  2. 1×1 convolution                          :mod:`explorer.labs.pointwise`
pool       3. Pooling                                  :mod:`explorer.labs.pooling`
dense      4. Why convolution instead of dense layers  :mod:`explorer.labs.dense`
stack      5. Stacking 3×3                             :mod:`explorer.labs.stacking`
inception  6. Inception's cost                         :mod:`explorer.labs.inception`
residual   7. Residual blocks                          :mod:`explorer.labs.residual`
bn         8. Batch normalization                      :mod:`explorer.labs.batchnorm`
act        9. Activation functions                     :mod:`explorer.labs.activations`
degrade    10. The degradation experiment              :mod:`explorer.labs.degradation`
topk       11. Top-1 and top-5 error                   :mod:`explorer.labs.topk`
counts     12. Why do the numbers differ?              :mod:`explorer.labs.counting`
gap        13. Global average pooling                  :mod:`explorer.labs.gap`
shift      14. Shifts, flips and checkerboards         :mod:`explorer.labs.symmetry`
preact     15. Where BatchNorm goes: v1 against v2     :mod:`explorer.labs.preact`
optim      16. Schedules and optimisers                :mod:`explorer.labs.optim`
overfit    17. Overfitting and regularisation          :mod:`explorer.labs.overfit`
cifar      18. Book 003's CIFAR-10 recipe              :mod:`explorer.labs.cifar`
transfer   19. Transfer learning                       :mod:`explorer.labs.transfer`
=========  ==========================================  ===================================
"""

LAB_IDS = ("conv", "pointwise", "pool", "dense", "stack", "inception", "residual", "bn", "act", "degrade", "topk", "counts", "gap", "shift", "preact", "optim", "overfit", "cifar", "transfer")
