"""The catalogue's entries for the library's errors (see ui/i18n.py, ``error_text``).

Keys are ``err.<key>``, where ``<key>`` is the ``key=`` an ``explorer`` raise
gives its :class:`~explorer.errors.ExplorerError`; the placeholders are the
keyword values passed with it (``tests/test_error_keys.py`` checks both). The
English is the library's own sentence as a template (English shows the
exception's text: it is here to keep the two languages side by side); where
the library leaves out a part whose count is 0, or words a plural, the
template shows the general form.
Not translated: names (architectures, layers, files, hyperparameters, folders),
numbers, shapes, and the reasons the operating system or a server gives.
"""

STRINGS: dict[str, dict[str, str]] = {
    # --- architectures and hyperparameters (explorer/zoo) -------------------------------------
    "err.arch.unknown": {
        "en": "Unknown architecture {name!r}. Known architectures: {known}.",
        "zh": "没有名为 {name!r} 的架构。可用的架构有：{known}。",
    },
    "err.hparam.unknown": {
        "en": "{arch} has no hyperparameter {unknown}; its hyperparameters are: {known}.",
        "zh": "{arch} 没有超参数 {unknown}；它的超参数有：{known}。",
    },
    "err.hparam.choice": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use one of {choices}.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请从 {choices} 中选一个。",
    },
    "err.hparam.bool": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use true or false.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用 true 或 false。",
    },
    "err.hparam.int_range": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer from {min} to {max}.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用 {min} 到 {max} 之间的整数。",
    },
    "err.hparam.int_min": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer of at least {min}.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用不小于 {min} 的整数。",
    },
    "err.hparam.int_max": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer of at most {max}.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用不大于 {max} 的整数。",
    },
    "err.hparam.int": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use an integer.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用整数。",
    },
    "err.hparam.float_range": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number from {min} to {max}.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用 {min} 到 {max} 之间的数。",
    },
    "err.hparam.float_min": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number of at least {min}.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用不小于 {min} 的数。",
    },
    "err.hparam.float_max": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number of at most {max}.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用不大于 {max} 的数。",
    },
    "err.hparam.float": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use a number.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请用一个数。",
    },
    "err.hparam.value": {
        "en": "Hyperparameter '{name}' of {arch} cannot be {value!r}: use a value.",
        "zh": "{arch} 的超参数 '{name}' 不能取 {value!r}：请给出一个值。",
    },
    "err.hparam.cifar_depth": {
        "en": "Hyperparameter 'depth' of resnet_cifar cannot be {depth}: CIFAR ResNets have 6n+2 layers, "
        "so use {examples} or another such number.",
        "zh": "resnet_cifar 的超参数 'depth' 不能取 {depth}：CIFAR 上的残差网络（ResNet）有 6n+2 层，"
        "请用 {examples} 或其他这种形式的数。",
    },
    "err.hparam.googlenet_transform_input": {
        "en": "Hyperparameter 'transform_input' cannot be true with in_channels={in_channels}: it rescales the "
        "three RGB channels, so use in_channels=3 or turn transform_input off.",
        "zh": "in_channels={in_channels} 时超参数 'transform_input' 不能为 true：它重新缩放的是 RGB 三个通道，"
        "请使用 in_channels=3，或关闭 transform_input。",
    },
    "err.hparam.zero_init_without_shortcut": {
        "en": "Hyperparameter 'zero_init_residual' cannot be true when 'shortcut' is 'none': without shortcuts "
        "every block would output zeros; turn one of them off.",
        "zh": "'shortcut' 为 'none' 时超参数 'zero_init_residual' 不能为 true：没有残差捷径连接，"
        "每个块都会输出全零；请关闭其中一个。",
    },
    # --- the input and the analysis (explorer/analysis, explorer/zoo/layers.py) ----------------
    "err.input.hparams_on_model": {
        "en": "Hyperparameters apply to an architecture name, not to a model that is already built.",
        "zh": "超参数只能用于架构名称，不能用于已经构建好的模型。",
    },
    "err.input.shape_needed": {
        "en": "Give the input shape (C, H, W) to analyse a model.",
        "zh": "分析一个模型需要给出输入形状 (C, H, W)。",
    },
    "err.input.channels_disagree": {
        "en": "in_channels is {in_channels} but the input has {channels} channels: make them equal.",
        "zh": "in_channels 是 {in_channels}，但输入有 {channels} 个通道：请让两者相等。",
    },
    "err.input.not_square": {
        "en": "{arch} sizes its classifier from a square input; use equal height and width (e.g. {size}×{size}).",
        "zh": "{arch} 按正方形输入确定分类器的大小；请让高和宽相等（例如 {size}×{size}）。",
    },
    "err.input.size_disagree": {
        "en": "input_size is {input_size} but the input is {height}×{width}: make them equal.",
        "zh": "input_size 是 {input_size}，但输入是 {height}×{width}：请让两者相等。",
    },
    "err.input.shape_text": {
        "en": "The input shape must be C,H,W such as 3,224,224, not {text!r}.",
        "zh": "输入形状应写成 C,H,W，例如 3,224,224，而不是 {text!r}。",
    },
    "err.input.shape_not_ints": {
        "en": "The input shape must be three integers C, H, W, not {shape}.",
        "zh": "输入形状必须是三个整数 C、H、W，而不是 {shape}。",
    },
    "err.input.shape_not_positive": {
        "en": "The input shape must be three positive integers C, H, W, not {shape}.",
        "zh": "输入形状必须是三个正整数 C、H、W，而不是 {shape}。",
    },
    "err.input.shape_too_large": {
        "en": "The input shape {shape} is too large: use at most {max_channels} channels and {max_size}×{max_size} pixels.",
        "zh": "输入形状 {shape} 太大了：最多使用 {max_channels} 个通道和 {max_size}×{max_size} 像素。",
    },
    "err.input.too_small": {
        "en": "The input is too small: layer '{layer}' ({kind}) would get a {size} map and output nothing.",
        "zh": "输入太小了：层 '{layer}'（{kind}）会收到 {size} 的特征图，输出为空。",
    },
    "err.input.too_small_kernel": {
        "en": "The input is too small: layer '{layer}' ({kind}, kernel {kernel}) receives a {size} map and would output nothing.",
        "zh": "输入太小了：层 '{layer}'（{kind}，核大小 {kernel}）收到 {size} 的特征图，输出为空。",
    },
    "err.input.too_small_min": {
        "en": "The input is too small: layer '{layer}' ({kind}) would get a {size} map and output nothing. "
        "The smallest input that works is {minimum}.",
        "zh": "输入太小了：层 '{layer}'（{kind}）会收到 {size} 的特征图，输出为空。可用的最小输入是 {minimum}。",
    },
    "err.input.too_small_kernel_min": {
        "en": "The input is too small: layer '{layer}' ({kind}, kernel {kernel}) receives a {size} map and would output nothing. "
        "The smallest input that works is {minimum}.",
        "zh": "输入太小了：层 '{layer}'（{kind}，核大小 {kernel}）收到 {size} 的特征图，输出为空。可用的最小输入是 {minimum}。",
    },
    "err.input.too_small_then": {
        "en": "{detail} The smallest input that works is {minimum}.",
        "zh": "{detail} 可用的最小输入是 {minimum}。",
    },
    "err.input.wrong_channels": {
        "en": "Layer '{layer}' ({kind}) expects {expected} input channels but receives {received}: "
        "set the input channels to {expected}.",
        "zh": "层 '{layer}'（{kind}）需要 {expected} 个输入通道，却收到 {received} 个：请把输入通道数设为 {expected}。",
    },
    "err.input.wrong_features": {
        "en": "Layer '{layer}' (Linear) expects {expected:,} input features but receives {received:,}: "
        "the model's classifier was sized for a different input size.",
        "zh": "层 '{layer}'（Linear）需要 {expected:,} 个输入特征，却收到 {received:,} 个：模型的分类器是按另一种输入尺寸确定大小的。",
    },
    # --- images (explorer/inspect/images.py) -----------------------------------------------------
    "err.image.empty": {
        "en": "'{name}' is empty (0 bytes): upload a PNG, JPEG, WebP, BMP or GIF image.",
        "zh": "'{name}' 是空文件（0 字节）：请上传 PNG、JPEG、WebP、BMP 或 GIF 图像。",
    },
    "err.image.not_an_image": {
        "en": "'{name}' is not an image: its content is not PNG, JPEG, WebP, BMP or GIF, whatever its name says. "
        "Upload a photo in one of those formats.",
        "zh": "'{name}' 不是图像：不管文件名怎么写，它的内容都不是 PNG、JPEG、WebP、BMP 或 GIF。请上传这些格式之一的照片。",
    },
    "err.image.unreadable": {
        "en": "'{name}' could not be read as an image ({reason}): upload a PNG, JPEG, WebP, BMP or GIF.",
        "zh": "无法把 '{name}' 读成图像（{reason}）：请上传 PNG、JPEG、WebP、BMP 或 GIF。",
    },
    "err.image.undecodable": {
        "en": "'{name}' could not be decoded ({reason}): upload a PNG, JPEG, WebP, BMP or GIF.",
        "zh": "无法解码 '{name}'（{reason}）：请上传 PNG、JPEG、WebP、BMP 或 GIF。",
    },
    "err.image.truncated": {
        "en": "'{name}' is truncated: the file ends before the image does (an interrupted download or copy?). "
        "Save the image again and upload the complete file.",
        "zh": "'{name}' 不完整：文件在图像结束之前就断了（下载或复制被中断了？）。请重新保存图像，上传完整的文件。",
    },
    "err.image.too_large_size": {
        "en": "'{name}' is {size} pixels ({megapixels} megapixels), more than the {limit} megapixels this page accepts "
        "(a guard against decompression bombs): scale it down, e.g. to {side} pixels on the longer side, and upload it again.",
        "zh": "'{name}' 有 {size} 像素（{megapixels} 百万像素），超过了本页接受的 {limit} 百万像素（用来防范解压炸弹）："
        "请把它缩小，例如长边缩到 {side} 像素，再重新上传。",
    },
    "err.image.too_large": {
        "en": "'{name}' is {megapixels} megapixels, more than the {limit} megapixels this page accepts "
        "(a guard against decompression bombs): scale it down, e.g. to {side} pixels on the longer side, and upload it again.",
        "zh": "'{name}' 有 {megapixels} 百万像素，超过了本页接受的 {limit} 百万像素（用来防范解压炸弹）："
        "请把它缩小，例如长边缩到 {side} 像素，再重新上传。",
    },
    "err.image.no_sample": {
        "en": "There is no sample image {name!r}; the samples are: {samples}.",
        "zh": "没有名为 {name!r} 的示例图像；可用的示例有：{samples}。",
    },
    "err.image.model_channels": {
        "en": "This model takes {channels}-channel inputs; images have 1 (grayscale) or 3 (RGB) channels: "
        "set the input channels to 1 or 3.",
        "zh": "这个模型的输入有 {channels} 个通道；图像只有 1 个（灰度）或 3 个（RGB）通道：请把输入通道数设为 1 或 3。",
    },
    "err.image.crop_fraction": {
        "en": "The crop fraction must be between 0.1 and 1, not {value}.",
        "zh": "裁剪比例必须在 0.1 到 1 之间，而不是 {value}。",
    },
    "err.image.normalisation": {
        "en": "Normalisation has {values} values but the model takes {channels} channels.",
        "zh": "归一化给了 {values} 个值，但模型的输入有 {channels} 个通道：每个通道需要一个值。",
    },
    # --- feature maps and saliency (explorer/inspect) -----------------------------------------------
    "err.inspect.layer_not_run": {
        "en": "Layer {layer!r} (call {call}) does not run for this model and input: pick another layer.",
        "zh": "对这个模型和输入，层 {layer!r}（第 {call} 次调用）不会运行：请选另一层。",
    },
    "err.inspect.output_not_tensor": {
        "en": "This model's output is not a tensor, so it has no predictions to show.",
        "zh": "这个模型的输出不是张量，所以没有可显示的预测。",
    },
    "err.inspect.no_spatial_layer": {
        "en": "This model has no layer with a spatial output (C×H×W) to show as feature maps.",
        "zh": "这个模型没有空间输出（C×H×W）的层，无法显示特征图。",
    },
    "err.inspect.sort_by": {
        "en": "Sort channels by index, mean, max, std or active, not {by!r}.",
        "zh": "通道只能按 index、mean、max、std 或 active 排序，不能按 {by!r}。",
    },
    "err.inspect.not_a_feature_map": {
        "en": "Feature maps need a C×H×W output; this layer gives {shape}.",
        "zh": "特征图需要 C×H×W 的输出；这一层给出的是 {shape}：请选一个卷积层或池化层。",
    },
    "err.saliency.no_spatial_layer": {
        "en": "This model has no layer with a spatial output, so Grad-CAM has nothing to map.",
        "zh": "这个模型没有空间输出的层，所以 Grad-CAM 没有可以绘制的内容。",
    },
    "err.saliency.no_such_layer": {
        "en": "This model has no layer {layer!r}: pick one from the layer list.",
        "zh": "这个模型没有层 {layer!r}：请从层列表中选一个。",
    },
    "err.saliency.output_not_scores": {
        "en": "This model's output is not one score per class, so there is no class to explain.",
        "zh": "这个模型的输出不是每个类别一个分数，所以没有可以解释的类别。",
    },
    "err.saliency.no_such_class": {
        "en": "Class {index} does not exist: this model has classes 0 to {last}.",
        "zh": "类别 {index} 不存在：这个模型的类别是 0 到 {last}。",
    },
    "err.saliency.gradcam_layer_not_run": {
        "en": "Layer {layer!r} did not run for this input, so Grad-CAM cannot use it: pick another target layer.",
        "zh": "对这个输入，层 {layer!r} 没有运行，所以 Grad-CAM 不能用它：请选另一个目标层。",
    },
    "err.saliency.gradcam_not_spatial": {
        "en": "Grad-CAM needs a layer with C×H×W output; {layer!r} gives {shape}.",
        "zh": "Grad-CAM 需要输出为 C×H×W 的层；{layer!r} 的输出是 {shape}：请选一个卷积层。",
    },
    "err.saliency.layer_not_run": {
        "en": "Layer {layer!r} did not run for this input: pick another layer.",
        "zh": "对这个输入，层 {layer!r} 没有运行：请选另一层。",
    },
    "err.saliency.unit_not_spatial": {
        "en": "Layer {layer!r} has no spatial output, so its units have no position.",
        "zh": "层 {layer!r} 没有空间输出，所以它的单元没有位置，也就没有感受野：请选一个卷积层或池化层。",
    },
    "err.saliency.unit_outside": {
        "en": "Unit ({row}, {column}) is outside the {height}×{width} map: rows go 0…{last_row}, columns 0…{last_column}.",
        "zh": "单元 ({row}, {column}) 在 {height}×{width} 的特征图之外：行号为 0…{last_row}，列号为 0…{last_column}。",
    },
    "err.saliency.no_such_channel": {
        "en": "Channel {index} does not exist: this layer has channels 0…{last}.",
        "zh": "通道 {index} 不存在：这一层的通道是 0…{last}。",
    },
    # --- weights (explorer/inspect/weights.py) ---------------------------------------------------------
    "err.weights.no_file": {
        "en": "There is no weights file '{name}': give a .pth or .pt file that exists.",
        "zh": "没有权重文件 '{name}'：请给出一个存在的 .pth 或 .pt 文件。",
    },
    "err.weights.empty": {
        "en": "'{name}' is empty (0 bytes): it is not a weights file.",
        "zh": "'{name}' 是空文件（0 字节）：它不是权重文件，请换一个 .pth 或 .pt 文件。",
    },
    "err.weights.unsafe": {
        "en": "'{name}' holds Python objects besides tensors, which safe loading (weights_only=True) refuses to run: "
        "save just the weights with torch.save(model.state_dict(), path) and load that file.",
        "zh": "'{name}' 除了张量还包含 Python 对象，安全加载（weights_only=True）拒绝运行它们："
        "请用 torch.save(model.state_dict(), path) 只保存权重，再加载那个文件。",
    },
    "err.weights.truncated": {
        "en": "'{name}' is cut short (truncated): download or copy the complete file and try again.",
        "zh": "'{name}' 不完整（被截断了）：请重新下载或复制完整的文件，再试一次。",
    },
    "err.weights.not_pytorch": {
        "en": "'{name}' is not a PyTorch weights file (torch.load could not read it): "
        "give a .pth/.pt file written by torch.save(model.state_dict(), path).",
        "zh": "'{name}' 不是 PyTorch 权重文件（torch.load 无法读取）：请给出用 torch.save(model.state_dict(), path) 保存的 .pth/.pt 文件。",
    },
    "err.weights.no_state_dict": {
        "en": "'{name}' does not hold a state_dict (a mapping of parameter names to tensors): "
        "save one with torch.save(model.state_dict(), path).",
        "zh": "'{name}' 里没有 state_dict（从参数名到张量的映射）：请用 torch.save(model.state_dict(), path) 保存一个。",
    },
    "err.weights.mismatch_shapes": {
        "en": "{label} do not fit {arch}: {n_mis_shaped} mis-shaped ({mis_shaped_keys}). "
        "Load weights saved from {arch} with the same hyperparameters (number of classes, width, …).",
        "zh": "{label}与 {arch} 不匹配：{n_mis_shaped} 个参数的形状不同（{mis_shaped_keys}，左边是文件中的形状，右边是模型的）。"
        "请加载从 {arch} 保存、超参数（类别数、宽度……）相同的权重。",
    },
    "err.weights.mismatch_names": {
        "en": "{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}). "
        "Load weights saved from {arch} with the same hyperparameters (number of classes, width, …).",
        "zh": "{label}与 {arch} 不匹配：缺少 {n_missing} 个键（{missing_keys}）；多出 {n_unexpected} 个键（{unexpected_keys}）。"
        "请加载从 {arch} 保存、超参数（类别数、宽度……）相同的权重。",
    },
    "err.weights.mismatch_names_guess": {
        "en": "{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}). "
        "The file looks like {guess}: choose that architecture, or load weights saved from {arch}.",
        "zh": "{label}与 {arch} 不匹配：缺少 {n_missing} 个键（{missing_keys}）；多出 {n_unexpected} 个键（{unexpected_keys}）。"
        "这个文件看起来属于 {guess}：请选择那个架构，或加载从 {arch} 保存的权重。",
    },
    "err.weights.mismatch": {
        "en": "{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}); "
        "{n_mis_shaped} mis-shaped ({mis_shaped_keys}). "
        "Load weights saved from {arch} with the same hyperparameters (number of classes, width, …).",
        "zh": "{label}与 {arch} 不匹配：缺少 {n_missing} 个键（{missing_keys}）；多出 {n_unexpected} 个键（{unexpected_keys}）；"
        "{n_mis_shaped} 个参数形状不同（{mis_shaped_keys}，左边是文件中的形状）。"
        "请加载从 {arch} 保存、超参数（类别数、宽度……）相同的权重。",
    },
    "err.weights.mismatch_guess": {
        "en": "{label} do not fit {arch}: {n_missing} missing ({missing_keys}); {n_unexpected} unexpected ({unexpected_keys}); "
        "{n_mis_shaped} mis-shaped ({mis_shaped_keys}). "
        "The file looks like {guess}: choose that architecture, or load weights saved from {arch}.",
        "zh": "{label}与 {arch} 不匹配：缺少 {n_missing} 个键（{missing_keys}）；多出 {n_unexpected} 个键（{unexpected_keys}）；"
        "{n_mis_shaped} 个参数形状不同（{mis_shaped_keys}，左边是文件中的形状）。"
        "这个文件看起来属于 {guess}：请选择那个架构，或加载从 {arch} 保存的权重。",
    },
    "err.weights.buffers_unset": {
        "en": "{label} leave some of {arch}'s buffers unset: save the model's full state_dict.",
        "zh": "{label}没有给 {arch} 的某些缓冲区赋值：请保存模型完整的 state_dict。",
    },
    "err.weights.no_checkpoint": {
        "en": "There are no official torchvision weights for {arch}; they exist for {available}. "
        "Use random weights or a trained run instead.",
        "zh": "{arch} 没有 torchvision 官方权重；有官方权重的是：{available}。请改用随机权重或一次训练得到的权重。",
    },
    "err.weights.hub_folder": {
        "en": "Cannot create the checkpoint folder ({reason}): set ${env} to a writable folder.",
        "zh": "无法创建检查点文件夹（{reason}）：请把 ${env} 设为一个可写的文件夹。",
    },
    "err.weights.download_cancelled": {
        "en": "The download of {name} was cancelled.",
        "zh": "{name} 的下载已取消：需要时可以再次下载。",
    },
    "err.weights.download_truncated": {
        "en": "The download of {name} stopped at {done:,} of {total:,} bytes: try again.",
        "zh": "{name} 的下载在 {done:,} / {total:,} 字节处中断了：请再试一次。",
    },
    "err.weights.download_corrupt": {
        "en": "The downloaded {name} is corrupt: its SHA-256 starts {actual}, not {expected} as its name promises. "
        "It was deleted; try again, or load a copy you trust from a file.",
        "zh": "下载的 {name} 已损坏：它的 SHA-256 以 {actual} 开头，而不是文件名所标明的 {expected}。"
        "文件已删除；请重新下载，或从文件加载一份你信任的副本。",
    },
    "err.weights.download_http": {
        "en": "{host} answered {code} ({reason}) for {name}: the file is not there. Load a local copy instead.",
        "zh": "{host} 对 {name} 的回应是 {code}（{reason}）：那里没有这个文件。请改为加载本地副本。",
    },
    "err.weights.download_write": {
        "en": "Cannot write {name} into the checkpoint folder ({reason}): "
        "free some space, or set ${env} to a writable folder.",
        "zh": "无法把 {name} 写入检查点文件夹（{reason}）：请腾出一些磁盘空间，或把 ${env} 设为一个可写的文件夹。",
    },
    "err.weights.download_offline": {
        "en": "Could not download {name} from {host} ({reason}). This machine may be offline: download the file "
        "on a machine that is online and load it here as a checkpoint file (upload or path).",
        "zh": "无法从 {host} 下载 {name}（{reason}）。这台机器可能没有联网：请在一台联网的机器上下载该文件，"
        "再在这里作为检查点文件加载（上传或给出路径）。",
    },
    "err.weights.download_unexpected": {
        "en": "The download failed unexpectedly ({kind}): try again, or load the weights from a file.",
        "zh": "下载意外失败（{kind}）：请再试一次，或从文件加载权重。",
    },
    # --- training settings (explorer/training/config.py, engine.py, schedules.py) ------------------
    "err.config.dataset": {
        "en": "Unknown dataset {value!r}. Datasets: {allowed}.",
        "zh": "没有名为 {value!r} 的数据集。可用的数据集有：{allowed}。",
    },
    "err.config.folder_zip": {
        "en": "Upload a zip of class folders to train on your own images.",
        "zh": "要用你自己的图像训练，请上传一个 zip 文件，每个类别一个文件夹。",
    },
    "err.config.optimizer": {
        "en": "Unknown optimizer {value!r}: use one of {allowed}.",
        "zh": "没有名为 {value!r} 的优化器：请从 {allowed} 中选一个。",
    },
    "err.config.schedule": {
        "en": "Unknown learning-rate schedule {value!r}. Schedules: {allowed}.",
        "zh": "没有名为 {value!r} 的学习率调度。可用的调度有：{allowed}。",
    },
    "err.config.augmentation": {
        "en": "Unknown augmentation {value!r}: use one of {allowed}.",
        "zh": "没有名为 {value!r} 的数据增强：请从 {allowed} 中选一个。",
    },
    "err.config.device": {
        "en": "Unknown device {value!r}: use one of {allowed}.",
        "zh": "没有名为 {value!r} 的设备：请从 {allowed} 中选一个。",
    },
    "err.config.lr": {
        "en": "The learning rate must be above 0 and at most 10 (e.g. 0.001), not {value}.",
        "zh": "学习率必须大于 0 且不超过 10（例如 0.001），而不是 {value}。",
    },
    "err.config.momentum": {
        "en": "Momentum must be from 0 to below 1 (e.g. 0.9), not {value}.",
        "zh": "动量必须不小于 0 且小于 1（例如 0.9），而不是 {value}。",
    },
    "err.config.weight_decay": {
        "en": "Weight decay must be from 0 to 1 (e.g. 0.0005), not {value}.",
        "zh": "权重衰减必须在 0 到 1 之间（例如 0.0005），而不是 {value}。",
    },
    "err.config.batch_size": {
        "en": "The batch size must be from 1 to {limit}, not {value}.",
        "zh": "批大小必须在 1 到 {limit} 之间，而不是 {value}。",
    },
    "err.config.epochs": {
        "en": "Epochs must be from 1 to 10000, not {value}.",
        "zh": "轮次必须在 1 到 10000 之间，而不是 {value}。",
    },
    "err.config.max_steps": {
        "en": "Steps must be at least 1, not {value}.",
        "zh": "步数至少为 1，而不是 {value}。",
    },
    "err.config.val_fraction": {
        "en": "The held-out fraction must be from 0 to below 1 (e.g. 0.1), not {value}.",
        "zh": "留作验证集的比例必须不小于 0 且小于 1（例如 0.1），而不是 {value}。",
    },
    "err.config.train_size": {
        "en": "The number of training images must be at least 1, not {value}.",
        "zh": "训练图像的数量至少为 1，而不是 {value}。",
    },
    "err.config.val_size": {
        "en": "The number of validation images must be at least 1, not {value}.",
        "zh": "验证图像的数量至少为 1，而不是 {value}。",
    },
    "err.config.step_schedule": {
        "en": "The step schedule needs a step of at least 1 epoch and a gamma above 0.",
        "zh": "阶梯调度需要至少 1 个轮次的步长（step）和大于 0 的 gamma。",
    },
    "err.config.patience": {
        "en": "Patience must be at least 1 epoch, not {value}.",
        "zh": "耐心值至少为 1 个轮次，而不是 {value}。",
    },
    "err.config.factor": {
        "en": "The plateau factor must be between 0 and 1 (e.g. 0.1), not {value}.",
        "zh": "平台期的衰减因子必须在 0 和 1 之间（例如 0.1），而不是 {value}。",
    },
    "err.config.log_every": {
        "en": "log_every must be at least 1.",
        "zh": "log_every 至少为 1。",
    },
    "err.device.no_cuda": {
        "en": "This machine has no CUDA GPU that PyTorch can use; choose the device 'auto' or 'cpu'.",
        "zh": "这台机器没有 PyTorch 可用的 CUDA GPU；请选择设备 'auto' 或 'cpu'。",
    },
    "err.device.no_mps": {
        "en": "This machine has no Apple GPU (MPS) that PyTorch can use; choose the device 'auto' or 'cpu'.",
        "zh": "这台机器没有 PyTorch 可用的 Apple GPU（MPS）；请选择设备 'auto' 或 'cpu'。",
    },
    "err.device.unknown": {
        "en": "Unknown device {name!r}: use auto, cpu, cuda or mps.",
        "zh": "没有名为 {name!r} 的设备：请用 auto、cpu、cuda 或 mps。",
    },
    "err.train.no_num_classes": {
        "en": "{arch} has no num_classes hyperparameter, so it cannot be trained on a classification dataset.",
        "zh": "{arch} 没有 num_classes 超参数，所以不能在分类数据集上训练：请选另一个架构。",
    },
    # --- datasets, files and zips (explorer/training) --------------------------------------------------
    "err.dataset.needs_files": {
        "en": "{title} needs {files} in {folder}.",
        "zh": "{title} 需要 {folder} 中有 {files}：请下载或复制这些官方文件。",
    },
    "err.dataset.file_missing": {
        "en": "{stem}(.gz) is missing from {folder}.",
        "zh": "{folder} 中缺少 {stem}(.gz)：请重新下载或复制这个官方文件。",
    },
    "err.dataset.folder_needs": {
        "en": "A zip of class folders needs the zip and the model's input shape.",
        "zh": "按类别分文件夹的 zip 数据集需要 zip 文件和模型的输入形状。",
    },
    "err.dataset.val_fraction": {
        "en": "The held-out fraction must be between 0 and 1 (e.g. 0.1), not {value}.",
        "zh": "留作验证集的比例必须在 0 和 1 之间（例如 0.1），而不是 {value}。",
    },
    "err.dataset.too_few_to_hold_out": {
        "en": "{count} training images are too few to hold {percent} out; add images or lower the fraction.",
        "zh": "{count} 张训练图像太少，留不出 {percent} 作验证集：请增加图像或降低这个比例。",
    },
    "err.dataset.decode_channels": {
        "en": "Images can be decoded to 1 (grey) or 3 (RGB) channels, not {channels}: set the model's channels to 1 or 3.",
        "zh": "图像只能解码为 1 个（灰度）或 3 个（RGB）通道，不能是 {channels} 个：请把模型的输入通道数设为 1 或 3。",
    },
    "err.dataset.channels": {
        "en": "{title} have {channels} channels and the model takes {model_channels}; "
        "set the model's channels to {channels} (or 1 for grey).",
        "zh": "{title} 有 {channels} 个通道，而模型的输入是 {model_channels} 个通道；"
        "请把模型的输入通道数设为 {channels}（灰度则设为 1）。",
    },
    "err.dataset.convert_channels": {
        "en": "Cannot convert {channels}-channel images to {target} channels.",
        "zh": "无法把 {channels} 通道的图像转换成 {target} 个通道：请把模型的输入通道数设为 1 或 {channels}。",
    },
    "err.folder.zip_too_large": {
        "en": "The zip is {mb} MB; the limit is {limit_mb} MB. Use fewer or smaller images.",
        "zh": "这个 zip 文件有 {mb} MB，上限是 {limit_mb} MB。请减少图像数量或使用更小的图像。",
    },
    "err.folder.not_zip": {
        "en": "The upload is not a readable zip file ({reason}); make one with your class folders inside.",
        "zh": "上传的不是可读的 zip 文件（{reason}）：请把你的类别文件夹打包成一个 zip。",
    },
    "err.folder.zip_slip": {
        "en": "The zip contains the entry {entry!r}, whose path leaves the archive's folder (a 'zip-slip' entry); "
        "such archives are refused. Zip only your class folders.",
        "zh": "这个 zip 含有条目 {entry!r}，它的路径跳出了压缩包的文件夹（“zip-slip” 条目）；"
        "这样的压缩包会被拒绝。请只打包你的类别文件夹。",
    },
    "err.folder.unpacked_too_large": {
        "en": "The zip unpacks to {gb} GB; the limit is {limit_gb} GB.",
        "zh": "这个 zip 解压后有 {gb} GB，上限是 {limit_gb} GB：请减少图像数量或使用更小的图像。",
    },
    "err.folder.file_too_large": {
        "en": "{name} is {mb} MB; each image may be at most {limit_mb} MB.",
        "zh": "{name} 有 {mb} MB；每张图像最多 {limit_mb} MB：请把它缩小。",
    },
    "err.folder.zip_bomb": {
        "en": "{name} expands {ratio}× when unpacked, which no image does; the zip was refused.",
        "zh": "{name} 解压后膨胀了 {ratio} 倍，没有哪张图像会这样；这个 zip 被拒绝了：请只打包图像文件。",
    },
    "err.folder.too_many_images": {
        "en": "The zip holds {count:,} images; the limit is {limit:,}.",
        "zh": "这个 zip 有 {count:,} 张图像，上限是 {limit:,}：请减少图像数量。",
    },
    "err.folder.too_few_classes": {
        "en": "The zip needs one folder per class with the images inside (cats/1.jpg, dogs/1.jpg, …); "
        "it has {count} class folders with images.",
        "zh": "zip 中每个类别需要一个文件夹，图像放在里面（cats/1.jpg、dogs/1.jpg……）；"
        "它只有 {count} 个含图像的类别文件夹，至少需要 2 个。",
    },
    "err.folder.too_many_classes": {
        "en": "The zip has {count} class folders; the limit is {limit}.",
        "zh": "这个 zip 有 {count} 个类别文件夹，上限是 {limit}：请减少类别数。",
    },
    "err.folder.none_decoded": {
        "en": "None of the {count} images in the zip could be decoded; use PNG or JPEG files.",
        "zh": "zip 中的 {count} 张图像没有一张能解码：请使用 PNG 或 JPEG 文件。",
    },
    "err.datafile.unreadable": {
        "en": "Could not read {name} ({reason}); delete it so that it is fetched again, or copy the official file.",
        "zh": "无法读取 {name}（{reason}）：请删除它以便重新下载，或复制官方文件。",
    },
    "err.datafile.not_idx": {
        "en": "{name} is not an IDX file (its header should start with 0x00 0x00, a type byte and the number of dimensions).",
        "zh": "{name} 不是 IDX 文件（它的文件头应以 0x00 0x00、一个类型字节和维数开头）：请重新下载官方文件。",
    },
    "err.datafile.idx_header_cut": {
        "en": "{name} is cut short inside its header; fetch the file again.",
        "zh": "{name} 在文件头里就断了：请重新下载这个文件。",
    },
    "err.datafile.idx_cut": {
        "en": "{name} is cut short: its header announces {shape} values but the file holds fewer; fetch it again.",
        "zh": "{name} 不完整：文件头声明有 {shape} 个值，但文件里的更少：请重新下载。",
    },
    "err.datafile.idx_pair": {
        "en": "{images} and {labels} do not match: expected N×H×W images and N labels, found {images_shape} and {labels_shape}.",
        "zh": "{images} 和 {labels} 不匹配：应为 N×H×W 的图像和 N 个标签，实际是 {images_shape} 和 {labels_shape}：请重新下载官方文件。",
    },
    "err.datafile.cifar_unsafe": {
        "en": "This CIFAR file asks to load '{what}', which a data file never needs; it was refused. Fetch the official file.",
        "zh": "这个 CIFAR 文件要求加载 '{what}'，数据文件从来不需要它，已被拒绝。请下载官方文件。",
    },
    "err.datafile.cifar_not_batch": {
        "en": "{name} is not a CIFAR-10 batch ({reason}); fetch the official file again.",
        "zh": "{name} 不是 CIFAR-10 的批文件（{reason}）：请重新下载官方文件。",
    },
    "err.datafile.cifar_not_dict": {
        "en": "{name} is not a CIFAR-10 batch (it holds a {kind}, not a dict).",
        "zh": "{name} 不是 CIFAR-10 的批文件（它里面是 {kind}，而不是 dict）：请重新下载官方文件。",
    },
    "err.datafile.cifar_no_entry": {
        "en": "{name} has no {entry!r} entry; it is not a CIFAR-10 batch.",
        "zh": "{name} 没有 {entry!r} 条目，它不是 CIFAR-10 的批文件：请重新下载官方文件。",
    },
    "err.datafile.cifar_shape": {
        "en": "{name} should hold N×3072 values and N labels, not {data_shape} and {labels_shape}.",
        "zh": "{name} 应包含 N×3072 个值和 N 个标签，而不是 {data_shape} 和 {labels_shape}：请重新下载官方文件。",
    },
    "err.datafile.not_tar": {
        "en": "{name} is not a readable tar.gz archive ({reason}); delete it and fetch it again.",
        "zh": "{name} 不是可读的 tar.gz 压缩包（{reason}）：请删除它并重新下载。",
    },
    "err.datafile.cifar_missing": {
        "en": "{name} lacks {missing}; the official cifar-10-python.tar.gz has all of {wanted}.",
        "zh": "{name} 缺少 {missing}；官方的 cifar-10-python.tar.gz 包含全部 {wanted}：请重新下载。",
    },
    "err.datafile.cifar_classes": {
        "en": "{name} should name 10 classes, not {count}.",
        "zh": "{name} 应列出 10 个类别，而不是 {count} 个：请重新下载官方文件。",
    },
    # --- dataset downloads (explorer/training/download.py) ---------------------------------------------
    "err.download.truncated": {
        "en": "The download of {name} was interrupted after {done:,} of {total:,} bytes; start it again.",
        "zh": "{name} 的下载在 {done:,} / {total:,} 字节后中断了：请重新开始。",
    },
    "err.download.interrupted_of": {
        "en": "The download of {name} was interrupted after {done:,} of {total:,} bytes ({cause}); start it again.",
        "zh": "{name} 的下载在 {done:,} / {total:,} 字节后中断了（{cause}）：请重新开始。",
    },
    "err.download.interrupted": {
        "en": "The download of {name} was interrupted after {done:,} bytes ({cause}); start it again.",
        "zh": "{name} 的下载在 {done:,} 字节后中断了（{cause}）：请重新开始。",
    },
    "err.download.checksum": {
        "en": "{name} arrived with checksum {actual}, not the official {expected}: the file is damaged or "
        "not the official one. It was not kept; try again, or put the official file in {folder} yourself.",
        "zh": "下载的 {name} 校验和是 {actual}，而不是官方的 {expected}：文件已损坏，或者不是官方文件。"
        "它没有被保留；请再试一次，或自己把官方文件放进 {folder}。",
    },
    "err.download.http": {
        "en": "{url} answered HTTP {code} ({reason}); the file could not be downloaded.",
        "zh": "{url} 返回 HTTP {code}（{reason}）；无法下载该文件：请稍后再试，或手动复制官方文件。",
    },
    "err.download.offline": {
        "en": "Could not reach {url} ({reason}): this machine seems to be offline. "
        "Copy the official {name} into {folder} and start again.",
        "zh": "无法连接 {url}（{reason}）：这台机器似乎没有联网。请把官方的 {name} 复制到 {folder}，再重新开始。",
    },
    "err.download.cancelled": {
        "en": "The download of {name} was cancelled.",
        "zh": "{name} 的下载已取消：需要时可以重新开始。",
    },
    "err.download.write": {
        "en": "Could not write {path} ({reason}); check the data folder and free space.",
        "zh": "无法写入 {path}（{reason}）：请检查数据文件夹和剩余磁盘空间。",
    },
    "err.download.mirrors": {
        "en": "{name} could not be downloaded from any of {count} locations; the last said: {last}",
        "zh": "{name} 从全部 {count} 个下载位置都无法下载；最后一个位置的错误是：{last}",
    },
    # --- runs (explorer/training/runs.py, worker.py) --------------------------------------------------------
    "err.run.no_config": {
        "en": "The run {run!r} has no readable config.json.",
        "zh": "运行 {run!r} 没有可读的 config.json：请从运行列表中选另一个。",
    },
    "err.run.not_found": {
        "en": "There is no run {run!r}: pick one from the runs list.",
        "zh": "没有运行 {run!r}：请从运行列表中选一个。",
    },
    "err.run.not_resumable": {
        "en": "Only a stopped or failed run can be resumed; this one is {status}.",
        "zh": "只有已停止或失败的运行才能继续训练；这个运行的状态是 {status}。",
    },
    # --- labs (explorer/labs) ----------------------------------------------------------------------------
    "err.lab.batch_not_numbers": {
        "en": "{text!r} should be numbers separated by commas, such as {example}.",
        "zh": "{text!r} 应该是用逗号分隔的数，例如 {example}。",
    },
    "err.lab.batch_too_short": {
        "en": "{text!r} should hold at least two finite numbers: a batch needs two samples.",
        "zh": "{text!r} 至少要有两个有限的数：一个批至少需要两个样本。",
    },
    "err.lab.batch_needs_two": {
        "en": "A batch needs at least two samples to have a variance.",
        "zh": "一个批至少需要两个样本才有方差：请再加一个数。",
    },
    "err.lab.image_not_rectangle": {
        "en": "The image must be a rectangle of numbers, every row as long as the first.",
        "zh": "输入图像必须是一个由数构成的矩形：每一行都和第一行一样长。",
    },
    "err.lab.kernel_not_rectangle": {
        "en": "The kernel must be a rectangle of numbers, every row as long as the first.",
        "zh": "卷积核必须是一个由数构成的矩形：每一行都和第一行一样长。",
    },
    "err.lab.kernel_too_wide": {
        "en": "The kernel spans {span} pixels with dilation {dilation}, more than the padded image: "
        "lower the dilation or add padding.",
        "zh": "膨胀率为 {dilation} 时，卷积核跨越 {span} 个像素，比填充后的图像还大：请降低膨胀率或增加填充。",
    },
    "err.lab.bits": {
        "en": "A {size} binary image is written as {count} characters 0 or 1, row by row.",
        "zh": "一张 {size} 的二值图像要逐行写成 {count} 个 0 或 1 字符。",
    },
    "err.lab.pool_window_too_big": {
        "en": "A {window} window does not fit in a {size} map: use a smaller window.",
        "zh": "{window} 的池化窗口放不进 {size} 的特征图：请用更小的窗口。",
    },
    "err.lab.degradation_diverged": {
        "en": "The training loss became infinite or not a number: the run diverged. The learning rate {lr} is probably "
        "too high for this model and optimizer: try {lower} (10× lower), a schedule that warms up (one-cycle), "
        "or a model with batch normalization.",
        "zh": "训练损失变成了无穷大或 NaN：训练发散了。学习率 {lr} 对这个模型和优化器可能太高：请试试 {lower}（低 10 倍）、"
        "带预热的学习率调度（one-cycle），或带批归一化的模型。",
    },
    "err.lab.degradation_out_of_memory": {
        "en": "Ran out of memory on CPU with batch size {batch}. Lower the batch size (try {half}) or the input size.",
        "zh": "在 CPU 上以批大小 {batch} 训练时内存不足。请降低批大小（试试 {half}）或输入尺寸。",
    },
    "err.lab.degradation_unfinished": {
        "en": "The run ended as {status}: {detail}",
        "zh": "训练没有完成（{status}）：{detail}",
    },
    # --- the command line (explorer/cli.py, explorer/training/cli.py; the CLI itself speaks English) -------
    "err.cli.set_syntax": {
        "en": "--set expects key=value, not {item!r} (for example --set num_classes=10).",
        "zh": "--set 需要 key=value 的形式，而不是 {item!r}（例如 --set num_classes=10）。",
    },
    "err.cli.train_needs_arch": {
        "en": "Name the architecture to train (for example: explorer train lenet5), or --resume RUN_ID.",
        "zh": "请给出要训练的架构（例如：explorer train lenet5），或使用 --resume RUN_ID。",
    },
    # --- the operator's settings (explorer/settings.py) -------------------------------------------
    "err.settings.bad_value": {
        "en": "The setting {name} ({where}) cannot be {value!r}: use {kind}.",
        "zh": "设置项 {name}（{where}）不能取 {value!r}：请使用 {kind} 类型的值。",
    },
    "err.settings.bad_file": {
        "en": "The settings file {file} is not valid TOML ({detail}).",
        "zh": "设置文件 {file} 不是合法的 TOML（{detail}）。",
    },
    "err.settings.no_file": {
        "en": "EXPLORER_CONFIG names a settings file that does not exist ({file}).",
        "zh": "EXPLORER_CONFIG 指向的设置文件不存在（{file}）。",
    },
    "err.settings.unknown": {
        "en": "The settings file has an unknown entry {entry}; known: ….",
        "zh": "设置文件中有未知的条目 {entry}。",
    },
    # --- the work budget (explorer/analysis/budget.py) and image shapes (explorer/inspect/images.py) ---
    "err.budget.input": {
        "en": "The input {shape} is too large: this server allows at most {max_channels} channels and {max_side}×{max_side} pixels.",
        "zh": "输入 {shape} 太大了：本服务器最多允许 {max_channels} 个通道和 {max_side}×{max_side} 像素。",
    },
    "err.budget.params": {
        "en": "{title} has {params} parameters; this server builds models of at most {limit}: "
        "make it smaller (fewer channels, layers or classes).",
        "zh": "{title} 有 {params} 个参数；本服务器最多构建 {limit} 个参数的模型：请把模型变小（更少的通道、层或类别）。",
    },
    "err.budget.params_input": {
        "en": "{title} has {params} parameters; this server builds models of at most {limit}: {fits} fits.",
        "zh": "{title} 有 {params} 个参数；本服务器最多构建 {limit} 个参数的模型：输入为 {fits} 时可以。",
    },
    "err.budget.weights": {
        "en": "{title} needs {cost} of weights; this server allows {limit}: make it smaller (fewer channels, layers or classes).",
        "zh": "{title} 的权重需要 {cost}；本服务器最多允许 {limit}：请把模型变小（更少的通道、层或类别）。",
    },
    "err.budget.weights_input": {
        "en": "{title} needs {cost} of weights; this server allows {limit}: {fits} fits.",
        "zh": "{title} 的权重需要 {cost}；本服务器最多允许 {limit}：输入为 {fits} 时可以。",
    },
    "err.budget.batch": {
        "en": "A batch of {batch} is more than this server allows ({limit}): use a smaller batch.",
        "zh": "批大小 {batch} 超过了本服务器允许的上限（{limit}）：请用更小的批大小。",
    },
    "err.budget.train_weights": {
        "en": "Training {title} needs {cost} for its weights' gradients and the optimizer's state alone; "
        "this server allows {limit}: train a smaller model (fewer channels, layers or classes).",
        "zh": "训练 {title} 仅权重的梯度和优化器状态就需要 {cost}；本服务器最多允许 {limit}：请训练更小的模型（更少的通道、层或类别）。",
    },
    "err.budget.train_batch": {
        "en": "Training {title} at {size} with a batch of {batch} needs {cost}; this server allows {limit}: a batch of {fits} fits.",
        "zh": "以 {size} 的输入、批大小 {batch} 训练 {title} 需要 {cost}；本服务器最多允许 {limit}：批大小 {fits} 可以。",
    },
    "err.budget.train_input": {
        "en": "Training {title} at {size} needs {cost} even with a batch of 1; this server allows {limit}: {fits} fits.",
        "zh": "以 {size} 的输入训练 {title} 即使批大小为 1 也需要 {cost}；本服务器最多允许 {limit}：输入为 {fits} 时可以。",
    },
    "err.budget.train_input_none": {
        "en": "Training {title} at {size} needs {cost} even with a batch of 1; this server allows {limit}, "
        "and no input size fits: make the model smaller (fewer channels or layers).",
        "zh": "以 {size} 的输入训练 {title} 即使批大小为 1 也需要 {cost}；本服务器最多允许 {limit}，"
        "任何输入尺寸都放不下：请把模型变小（更少的通道或层）。",
    },
    "err.budget.activations": {
        "en": "{title} at {size} needs {cost} of activations; this server allows {limit}: {fits} fits.",
        "zh": "{title} 在 {size} 输入下的激活需要 {cost}；本服务器最多允许 {limit}：输入为 {fits} 时可以。",
    },
    "err.budget.activations_none": {
        "en": "{title} at {size} needs {cost} of activations; this server allows {limit}, "
        "and no input size fits: make the model smaller (fewer channels or layers).",
        "zh": "{title} 在 {size} 输入下的激活需要 {cost}；本服务器最多允许 {limit}，任何输入尺寸都放不下：请把模型变小（更少的通道或层）。",
    },
    "err.budget.out_of_memory": {
        "en": "The server ran out of memory for this request and has given the memory back: try a smaller input, model or batch.",
        "zh": "服务器处理这个请求时内存不足，已释放这部分内存：请试试更小的输入、模型或批大小。",
    },
    "err.image.aspect_ratio": {
        "en": "'{name}' is {size} pixels, {ratio} times longer than wide; this page takes images at most {limit} times "
        "longer than wide: crop it to a less extreme shape and upload it again.",
        "zh": "'{name}' 是 {size} 像素，长边是短边的 {ratio} 倍；本页只接受长边最多为短边 {limit} 倍的图片："
        "请把它裁剪成不那么极端的形状，再重新上传。",
    },
    "err.image.resize_too_large": {
        "en": "Covering the {input} input would resize '{name}' ({size}) to {resized} pixels, more than the {limit} megapixels "
        "this server allows: crop the image to a shape closer to {shape}, or use a smaller input.",
        "zh": "为了覆盖 {input} 的输入，'{name}'（{size}）会被缩放到 {resized} 像素，超过了本服务器允许的 {limit} 百万像素："
        "请把图片裁剪成更接近 {shape} 的形状，或使用更小的输入。",
    },
    # --- the server's files (explorer/inspect/weights.py: the operator's weights folder) -------------
    "err.weights.server_files_off": {
        "en": "Loading weights from the server's files is turned off: upload a file, or ask the operator "
        "to set weights_folder (EXPLORER_WEIGHTS_FOLDER).",
        "zh": "从服务器文件加载权重的功能已关闭：请上传文件，或请管理员设置 weights_folder（EXPLORER_WEIGHTS_FOLDER）。",
    },
    "err.weights.no_server_file": {
        "en": "There is no such weights file in the server's weights folder: pick one from the list "
        "(a .pt or .pth file, named relative to that folder).",
        "zh": "服务器的权重文件夹中没有这个权重文件：请从列表中选一个（.pt 或 .pth 文件，名称相对于该文件夹）。",
    },
    "err.weights.server_file_too_large": {
        "en": "'{name}' holds {size:,} bytes, more than this server reads ({limit:,} bytes): pick a smaller file.",
        "zh": "'{name}' 有 {size:,} 字节，超过了这台服务器读取的上限（{limit:,} 字节）：请选一个更小的文件。",
    },
    # --- zoo2: Inception v3's auxiliary classifier (explorer/zoo/inception.py) ----------------------
    "err.input.inception_aux": {
        "en": "The input is too small for Inception v3's auxiliary classifier, which runs in training: it needs a "
        "17×17 grid after Mixed_6e and gets {size}; use inputs of at least 299×299 or set aux_logits off.",
        "zh": "输入对 Inception v3 的辅助分类器来说太小了（它在训练时运行）：它需要 Mixed_6e 之后为 17×17 的网格，"
        "这里只有 {size}；请使用至少 299×299 的输入，或关闭 aux_logits。",
    },
    # --- the backbone chooser: latency measured on this machine (explorer/inspect/latency.py) ----
    "err.latency.budget_params": {
        "en": "{title} has {params} parameters, more than this server measures ({limit}); choose a smaller model.",
        "zh": "{title} 有 {params} 个参数，超过本服务器可测量的上限（{limit}）；请选择更小的模型。",
    },
    "err.latency.budget_weights": {
        "en": "{title} has {size} of weights, more than this server measures ({limit}); choose a smaller model.",
        "zh": "{title} 的权重有 {size}，超过本服务器可测量的上限（{limit}）；请选择更小的模型。",
    },
    "err.latency.budget_activations": {
        "en": "A batch of {batch} through {title} needs {size} of activations, more than this server allows ({limit}); a batch of {fits} or fewer fits.",
        "zh": "{title} 处理批大小 {batch} 需要 {size} 的激活内存，超过本服务器的上限（{limit}）；批大小不超过 {fits} 才可以。",
    },
    "err.latency.device": {"en": "Unknown device {device!r}: use cpu, cuda or auto.", "zh": "未知设备 {device!r}：请使用 cpu、cuda 或 auto。"},
    "err.latency.no_cuda": {"en": "This machine has no CUDA GPU; use --device cpu.", "zh": "本机没有 CUDA GPU；请使用 --device cpu。"},
    "err.latency.repeats": {"en": "repeats must be at least 1 (not {repeats}).", "zh": "重复次数至少为 1（而不是 {repeats}）。"},
    "err.latency.batch": {"en": "The batch must be between 1 and {limit}, not {batch}.", "zh": "批大小必须在 1 到 {limit} 之间，而不是 {batch}。"},
    "err.latency.timeout": {
        "en": "Measuring {arch} took longer than {seconds} s and was stopped; try fewer repeats or a smaller batch.",
        "zh": "测量 {arch} 超过了 {seconds} 秒，已停止；请减少重复次数或减小批大小。",
    },
    "err.latency.worker_failed": {
        "en": "The measurement of {arch} at batch {batch} stopped before it finished (out of memory, or the process was killed); try a smaller batch.",
        "zh": "{arch} 在批大小 {batch} 下的测量未完成就停止了（内存不足，或进程被终止）；请尝试更小的批大小。",
    },
    # --- byo: your own model on the command line, the operator's models on the server (explorer/zoo/external.py) ---
    "err.byo.not_python": {
        "en": "{file} is not a Python file: name a .py file and the model in it, such as net.py:Net.",
        "zh": "{file} 不是 Python 文件：请给出一个 .py 文件和其中的模型，例如 net.py:Net。",
    },
    "err.byo.no_file": {
        "en": "There is no file {file} there: check the path (for example models/net.py:Net).",
        "zh": "那里没有文件 {file}：请检查路径（例如 models/net.py:Net）。",
    },
    "err.byo.import_failed": {
        "en": "Importing {file} failed with {error}; run python {file} to see where.",
        "zh": "导入 {file} 失败：{error}；运行 python {file} 可以看到出错的位置。",
    },
    "err.byo.import_failed_module": {
        "en": "Importing {module} failed with {error}; run python -c \"import {module}\" to see where.",
        "zh": "导入 {module} 失败：{error}；运行 python -c \"import {module}\" 可以看到出错的位置。",
    },
    "err.byo.no_module": {
        "en": "There is no module {module} to import: run from the folder that holds it, or add that folder to PYTHONPATH.",
        "zh": "找不到可导入的模块 {module}：请在包含它的文件夹中运行，或把该文件夹加入 PYTHONPATH。",
    },
    "err.byo.bad_spec": {
        "en": "{spec!r} names no model: write path/to/file.py:ClassName or package.module:factory.",
        "zh": "{spec!r} 没有指明模型：请写成 path/to/file.py:ClassName 或 package.module:factory。",
    },
    "err.byo.no_name": {
        "en": "Name the model in {where} after a colon, such as {where}:Net; it defines: {found}.",
        "zh": "请在 {where} 后面加冒号写出模型名，例如 {where}:Net；它定义了：{found}。",
    },
    "err.byo.name_missing": {
        "en": "{where} has no {name}; the nn.Module classes and functions it defines are: {found}.",
        "zh": "{where} 中没有 {name}；它定义的 nn.Module 类和函数有：{found}。",
    },
    "err.byo.not_module_class": {
        "en": "{name} is a class but not an nn.Module: name a torch.nn.Module subclass or a function that returns one.",
        "zh": "{name} 是一个类，但不是 nn.Module：请给出 torch.nn.Module 的子类，或返回模型的函数。",
    },
    "err.byo.not_callable": {
        "en": "{name} is {kind}, not a model class or factory: name the class, or a function that returns a model.",
        "zh": "{name} 是 {kind}，不是模型类或工厂函数：请给出类名，或返回模型的函数。",
    },
    "err.byo.bad_arguments": {
        "en": "{name} cannot be called with these arguments ({error}); it takes: {takes}.",
        "zh": "无法用这些参数调用 {name}（{error}）；它接受的参数有：{takes}。",
    },
    "err.byo.build_failed": {"en": "Building {name} failed with {error}.", "zh": "构建 {name} 失败：{error}。"},
    "err.byo.not_a_model": {
        "en": "{name} returned a {kind}, not an nn.Module: a factory must return the model.",
        "zh": "{name} 返回了 {kind}，而不是 nn.Module：工厂函数必须返回模型。",
    },
    "err.byo.input_needed": {
        "en": "Give the input shape of one sample for {spec}, such as --input 3x32x32 (or give the class an attribute input_shape = (3, 32, 32)).",
        "zh": "请给出 {spec} 单个样本的输入形状，例如 --input 3x32x32（或给类加上属性 input_shape = (3, 32, 32)）。",
    },
    "err.byo.registered_only": {
        "en": "{command} takes a registered architecture, not {spec}: list your model in a module's MODELS and name the module with EXPLORER_MODELS=package.module (see the README, Bring your own model).",
        "zh": "{command} 只接受已注册的架构，而不是 {spec}：请把模型写进某个模块的 MODELS，再用 EXPLORER_MODELS=package.module 指定该模块（见 README 的“使用自己的模型”）。",
    },
    "err.byo.bad_module_name": {
        "en": "{name!r} is not a module name: the models setting takes dotted names such as mypackage.models, separated by commas.",
        "zh": "{name!r} 不是模块名：models 设置项接受以点分隔的名字，例如 mypackage.models，多个用逗号隔开。",
    },
    "err.byo.models_not_dict": {
        "en": "{module}.MODELS must be a dict of name → model class or factory, not a {kind}.",
        "zh": "{module}.MODELS 必须是“名字 → 模型类或工厂函数”的字典，而不是 {kind}。",
    },
    "err.byo.bad_model_name": {
        "en": "{module}.MODELS has the name {name}: use lower-case letters, digits and underscores, starting with a letter.",
        "zh": "{module}.MODELS 中有名字 {name}：请使用以字母开头的小写字母、数字和下划线。",
    },
    "err.byo.name_taken": {
        "en": "{module}.MODELS names {name}, which is already an architecture: choose another name.",
        "zh": "{module}.MODELS 中的 {name} 已经是一个架构的名字：请换一个名字。",
    },
    "err.byo.models_entry": {
        "en": "{module}.MODELS[{name!r}] must be an nn.Module class or a function that returns one.",
        "zh": "{module}.MODELS[{name!r}] 必须是 nn.Module 类或返回模型的函数。",
    },
    # --- ray: where training runs (explorer/training/executor.py, ray_executor.py) -------------------
    "err.executor.ray_missing": {
        "en": "Training is set to run on a Ray cluster (ray_address), but Ray is not installed on this server: "
        "install it with pip install -r requirements-ray.txt, or remove the setting to train on this machine.",
        "zh": "训练被设置为在 Ray 集群上运行（ray_address），但本服务器没有安装 Ray：请用 "
        "pip install -r requirements-ray.txt 安装，或删除该设置以在本机训练。",
    },
    "err.executor.ray_unreachable": {
        "en": "The Ray cluster that runs training cannot be reached now; try again in a minute, or ask the operator to check it.",
        "zh": "现在无法连接到运行训练的 Ray 集群；请一分钟后再试，或请管理员检查集群。",
    },
    "err.executor.ray_no_gpu": {
        "en": "The Ray cluster has no GPU; choose the device 'auto' or 'cpu'.",
        "zh": "Ray 集群没有 GPU；请选择设备 'auto' 或 'cpu'。",
    },
    # --- queue: a fair queue for a class (explorer/training/queue.py) ---
    "err.queue.person_limit": {
        "en": "You already have {mine} run(s) queued or training, as many as this server allows each person ({limit}): "
        "wait for one to end, or stop it, then press Train again.",
        "zh": "你已经有 {mine} 个运行在排队或训练中，达到了本服务器允许每人同时拥有的上限（{limit}）："
        "请等其中一个结束或停止它，然后再按“训练”。",
    },
    "err.queue.storage_full": {
        "en": "The server's run storage is full ({used} of {quota}): delete old runs or ask your teacher.",
        "zh": "服务器的运行存储空间已满（已用 {used}，共 {quota}）：请删除旧的运行，或联系老师。",
    },
    "err.config.train_size_max": {
        "en": "The number of training images must be at most {limit:,}, not {value:,}.",
        "zh": "训练图像的数量最多为 {limit:,}，而不是 {value:,}。",
    },
    "err.config.max_steps_max": {"en": "Steps must be at most {limit:,}, not {value:,}.", "zh": "步数最多为 {limit:,}，而不是 {value:,}。"},
    "err.config.seed": {
        "en": "The seed must be a whole number from 0 to 2147483647, not {value}.",
        "zh": "随机种子必须是 0 到 2147483647 之间的整数，而不是 {value}。",
    },
    # --- people: sign-in and ownership (explorer/classroom.py, explorer/training/runs.py delete_run) ---
    "err.people.name_empty": {"en": "Type your name: it cannot be empty.", "zh": "请输入你的名字：不能为空。"},
    "err.people.name_long": {
        "en": "A name can have at most {limit} characters, not {length}.", "zh": "名字最多 {limit} 个字符，而不是 {length} 个。",
    },
    "err.people.run_name_long": {
        "en": "A run's name can have at most {limit} characters, not {length}.", "zh": "运行名称最多 {limit} 个字符，而不是 {length} 个。",
    },
    "err.people.bad_code": {"en": "That is not this class's code: ask your teacher for it.", "zh": "这不是本班的代码：请向老师询问。"},
    "err.people.bad_secret": {
        "en": "That teacher secret is wrong: leave it empty to sign in as a student.", "zh": "教师密码不对：以学生身份登录请留空。",
    },
    "err.people.not_allowed": {"en": "Only the run's owner or the teacher can do that.", "zh": "只有这次运行的主人或老师才能这样做。"},
    "err.people.not_teacher": {"en": "Only the teacher can clear the class.", "zh": "只有老师才能清空班级。"},
    "err.run.busy": {"en": "The run {run} is still training: stop it, then delete it.", "zh": "运行 {run} 仍在训练：请先停止，再删除。"},
    # --- follow: the live lesson (explorer/lesson.py) ---
    "err.lesson.not_teacher": {
        "en": "Only a teacher can start, change or end a live lesson.", "zh": "只有老师才能开始、更改或结束直播课。",
    },
    "err.lesson.not_yours": {"en": "Only the teacher giving the lesson can change it.", "zh": "只有正在上课的老师才能更改这节课。"},
}
