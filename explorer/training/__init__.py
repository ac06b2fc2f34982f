"""Training: datasets, the training loop, the runs store and the worker that runs it (no Streamlit here).

* :mod:`~explorer.training.datasets`: the datasets by name (embedded ``digits`` and ``shapes``, MNIST,
  Fashion-MNIST, CIFAR-10, a zip of class folders) and how their images are fitted to a model's input;
* :mod:`~explorer.training.synthetic`, :mod:`~explorer.training.formats`, :mod:`~explorer.training.download`,
  :mod:`~explorer.training.folders`: generating, parsing, downloading and unzipping them;
* :mod:`~explorer.training.config`: a run's settings (:class:`TrainConfig`), validated;
* :mod:`~explorer.training.schedules`: learning-rate schedules, the books' recipes among them;
* :mod:`~explorer.training.loader`: mini-batches straight from tensors held on the device;
* :mod:`~explorer.training.engine`: the loop (device, mixed precision, metrics, divergence and memory errors);
* :mod:`~explorer.training.runs`: one folder per run on disk, the contract the pages read;
* :mod:`~explorer.training.worker`: a process per run (prepare, submit, execute), with every name of
  :mod:`~explorer.training.queue` (a fair queue per device, stop and resume), :mod:`~explorer.training.spawn`
  (worker processes and the warm standby), :mod:`~explorer.training.report` (a run's files, written from its
  worker) and :mod:`~explorer.training.estimate` (a queued run's place and start) importable from it;
* :mod:`~explorer.training.executor`, :mod:`~explorer.training.ray_executor`: where runs execute — the local
  worker (the default) or a Ray cluster — behind one interface that the pages and the command line use;
* :mod:`~explorer.training.cli`: ``python -m explorer train``.
"""
