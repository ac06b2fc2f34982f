"""Look inside a network: weights, images, feature maps, filters, receptive fields and saliency.

Data in, arrays and records out; no Streamlit here. The page ``pages/inside.py``
and the plots in :mod:`explorer.viz.inside` sit on top of these modules:

* :mod:`~explorer.inspect.weights`: random init with a seed, state_dict files, torchvision checkpoints, trained runs;
* :mod:`~explorer.inspect.images`: bytes → a safe RGB/L image → the tensor the model receives;
* :mod:`~explorer.inspect.features`: every layer's output from one lazily resumed forward pass;
* :mod:`~explorer.inspect.filters`: convolution kernels and per-layer weight distributions;
* :mod:`~explorer.inspect.saliency`: Grad-CAM, gradient saliency, effective and theoretical receptive fields;
* :mod:`~explorer.inspect.labels`: ImageNet class names and top-k predictions.
"""
