"""Look inside a network: weights, images, feature maps, filters, receptive fields and saliency.

Data in, arrays and records out; no Streamlit here. The page ``pages/inside.py``
and the plots in :mod:`explorer.viz.inside` sit on top of these modules:

* :mod:`~explorer.inside.weights`: random init with a seed, state_dict files, torchvision checkpoints, trained runs;
* :mod:`~explorer.inside.images`: bytes → a safe RGB/L image → the tensor the model receives;
* :mod:`~explorer.inside.features`: every layer's output from one lazily resumed forward pass;
* :mod:`~explorer.inside.filters`: convolution kernels and per-layer weight distributions;
* :mod:`~explorer.inside.saliency`: Grad-CAM, gradient saliency, effective and theoretical receptive fields;
* :mod:`~explorer.inside.labels`: ImageNet class names and top-k predictions.
"""
