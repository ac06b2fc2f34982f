"""The catalogue's entries for the library's notes (``note.<key>``, see ui/i18n.py ``note_text``).

A note is a sentence the library says that is not an error: what was done to
an image, what loading weights adapted, what the analysis could not compute,
the words that go with a layer's formulas, what a training run did with its
data and how it ended
(:class:`explorer.notes.Note`). Keys are ``note.<key>`` for the ``key=`` of a
``Note(...)`` in explorer/; the placeholders are the keyword values passed
with it, and the English is the library's sentence as a template (English
shows the note's own text: it is here to keep the two languages side by side).
``tests/test_note_keys.py`` checks all three against the library.
Not translated: names (layers, operations, files, folders, datasets), numbers
and shapes.
"""

STRINGS: dict[str, dict[str, str]] = {
    # --- the analysis' diagnostics (explorer/analysis/trace.py) --------------------------------
    "note.analysis.rf_unsupported": {
        "en": "Receptive field not computed after '{op}' in {layer}: this operation is not supported.",
        "zh": "{layer} 中 '{op}' 之后的感受野没有计算：不支持这种运算。",
    },
    "note.analysis.rf_unsupported_model": {
        "en": "Receptive field not computed after '{op}' in the model: this operation is not supported.",
        "zh": "模型中 '{op}' 之后的感受野没有计算：不支持这种运算。",
    },
    "note.analysis.adaptive_unequal": {
        "en": "Adaptive pooling in {layer} maps {size} to {out} with windows of unequal size, so its receptive field depends "
        "on the position and is not shown.",
        "zh": "{layer} 中的自适应池化把 {size} 映射为 {out}，各个窗口大小不等，所以它的感受野随位置而变，这里不显示。",
    },
    "note.analysis.adaptive_unequal_model": {
        "en": "Adaptive pooling in the model maps {size} to {out} with windows of unequal size, so its receptive field depends "
        "on the position and is not shown.",
        "zh": "模型中的自适应池化把 {size} 映射为 {out}，各个窗口大小不等，所以它的感受野随位置而变，这里不显示。",
    },
    "note.analysis.misaligned": {
        "en": "{layer}: branches merged by '{op}' are misaligned (their receptive fields have different centres or strides).",
        "zh": "{layer}：由 '{op}' 合并的分支没有对齐（它们的感受野中心或步幅不同）。",
    },
    "note.analysis.misaligned_model": {
        "en": "The model: branches merged by '{op}' are misaligned (their receptive fields have different centres or strides).",
        "zh": "模型：由 '{op}' 合并的分支没有对齐（它们的感受野中心或步幅不同）。",
    },
    # --- the formulas behind a row's numbers: their remarks and notes (explorer/analysis/formulas.py)
    "note.formula.ceil_dropped": {
        "en": "With ceil_mode PyTorch drops a last window that would start in the right padding.",
        "zh": "使用 ceil_mode 时，PyTorch 会丢掉起点落在右侧填充里的最后一个窗口。",
    },
    "note.formula.ceil_rounds_up": {
        "en": "ceil_mode rounds up: a partial window at the edge still gives an output.",
        "zh": "ceil_mode 向上取整：边缘处不完整的窗口也会产生一个输出。",
    },
    "note.formula.same_padding": {"en": "padding='same' keeps the size", "zh": "padding='same' 保持尺寸不变"},
    "note.formula.no_bias": {
        "en": "No bias (bias=False), usually because a BatchNorm follows.",
        "zh": "没有偏置（bias=False），通常是因为后面紧跟着批归一化层。",
    },
    "note.formula.conv_macs_bias": {
        "en": "torchinfo's convention: the bias add counts as one multiply-add per output value.",
        "zh": "torchinfo 的约定：加偏置在每个输出值上算作一次乘加。",
    },
    "note.formula.conv_macs": {"en": "One multiply-add per weight per output position.", "zh": "每个输出位置上，每个权重做一次乘加。"},
    "note.formula.shared_weights": {"en": "The same module, called again, shares its weights.", "zh": "同一个模块再次被调用，共用它的权重。"},
    "note.formula.counted_at_first_call": {"en": "counted at this module's first call", "zh": "已在该模块第一次调用时计入"},
    "note.formula.linear_macs_bias": {
        "en": "One multiply-add per weight; torchinfo counts the bias add as one more per output.",
        "zh": "每个权重一次乘加；torchinfo 把加偏置算作每个输出再多一次乘加。",
    },
    "note.formula.linear_macs": {"en": "One multiply-add per weight.", "zh": "每个权重一次乘加。"},
    "note.formula.bn_gamma_beta": {"en": "γ and β", "zh": "γ 和 β"},
    "note.formula.bn_keras": {
        "en": "Keras counts the running mean and variance as non-trainable parameters; PyTorch keeps them as buffers.",
        "zh": "Keras 把滑动均值和方差算作不可训练参数；PyTorch 把它们存为缓冲区，不算参数。",
    },
    "note.formula.bn_keras_terms": {"en": "γ, β + moving mean and variance", "zh": "γ、β + 滑动均值和方差"},
    "note.formula.bn_macs": {
        "en": "torchinfo's convention: one per parameter, once per sample.",
        "zh": "torchinfo 的约定：每个样本中，每个参数计一次乘加。",
    },
    "note.formula.bn_no_affine": {"en": "affine=False: no γ, β", "zh": "affine=False：没有 γ 和 β"},
    "note.formula.adaptive_none": {"en": "output_size None keeps the input's", "zh": "output_size 为 None：保持输入的尺寸"},
    "note.formula.adaptive_fixed": {"en": "set by the layer, whatever the input", "zh": "由该层设定，与输入尺寸无关"},
    "note.formula.pointwise": {"en": "applied to each value, shape kept", "zh": "逐个值运算，形状不变"},
    "note.formula.adaptive_windows": {
        "en": "adaptive pooling windows: k = {k}, s = {s}",
        "zh": "自适应池化的窗口：k = {k}，s = {s}",
    },
    "note.formula.rf_from_layer": {
        "en": "r_in = {r_in}, j_in = {j_in}: the field of {layer}'s output",
        "zh": "r_in = {r_in}，j_in = {j_in}：{layer} 输出的感受野",
    },
    "note.formula.rf_from_image": {"en": "r_in = 1, j_in = 1: the input image", "zh": "r_in = 1，j_in = 1：输入图像本身"},
    "note.formula.rf_from_forward": {
        "en": "r_in = {r_in}, j_in = {j_in}: the field of this layer's input (made inside a forward, by no listed layer)",
        "zh": "r_in = {r_in}，j_in = {j_in}：该层输入的感受野（这个输入在前向传播中生成，不来自表中列出的任何一层）",
    },
    "note.formula.rf_unchanged_padding": {
        "en": "unchanged: padding adds pixels around the map, not to a unit's view",
        "zh": "不变：填充是在特征图四周添加像素，并不扩大单元的视野",
    },
    "note.formula.rf_unchanged_pointwise": {
        "en": "unchanged: it works on each position alone",
        "zh": "不变：它在每个位置上单独运算",
    },
    "note.formula.unchanged": {"en": "unchanged", "zh": "不变"},
    "note.formula.sum_zeros_left_out": {
        "en": "Zero terms (activations, pooling, repeated calls) are left out.",
        "zh": "为零的项（激活、池化、重复调用）省略不写。",
    },
    "note.formula.sum_own": {
        "en": "The last term, {own}: parameters held by the container itself or by modules not called in this forward pass.",
        "zh": "最后一项 {own}：容器自身持有的参数，或本次前向传播中没有被调用的模块的参数。",
    },
    "note.formula.sum_of_layers_more": {
        "en": "sum of its {count} layers; … stands for {more} more terms",
        "zh": "其 {count} 个子层之和；… 代表另外 {more} 项",
    },
    "note.formula.sum_of_one_layer": {"en": "sum of its 1 layer", "zh": "其 1 个子层之和"},
    "note.formula.sum_of_layers": {"en": "sum of its {count} layers", "zh": "其 {count} 个子层之和"},
    "note.formula.memory_float32": {"en": "float32: 4 bytes per value; batch of 1.", "zh": "float32：每个值 4 字节；批大小为 1。"},
    "note.formula.memory_inplace": {
        "en": "in place (inplace=True): it overwrites its input",
        "zh": "原地运算（inplace=True）：它直接覆盖自己的输入",
    },
    "note.formula.memory_returns_input": {"en": "it returns its input tensor", "zh": "它直接返回输入张量"},
    # --- an image and what was done to it (explorer/inspect/images.py) -------------------------
    "note.image.other_format": {
        "en": "Read as {format}; PNG, JPEG, WebP, BMP and GIF are the supported formats.",
        "zh": "按 {format} 格式读取；支持的格式是 PNG、JPEG、WebP、BMP 和 GIF。",
    },
    "note.image.first_frame": {
        "en": "Animated {format} with {frames} frames: the first frame is used.",
        "zh": "这是一个有 {frames} 帧的动画 {format}：只使用第一帧。",
    },
    "note.image.exif_rotated": {
        "en": "Rotated upright from its EXIF orientation tag.",
        "zh": "已按 EXIF 方向标记把图像旋转为正向。",
    },
    "note.image.downscaled": {
        "en": "Downscaled from {before} to {after} to keep memory in check.",
        "zh": "为了节省内存，图像已从 {before} 缩小到 {after}。",
    },
    "note.image.palette": {"en": "Palette colours expanded to RGB.", "zh": "调色板颜色已展开为 RGB。"},
    "note.image.transparent": {"en": "Transparent parts put on a white background.", "zh": "透明部分已放到白色背景上。"},
    "note.image.one_bit": {"en": "1-bit image converted to grayscale.", "zh": "1 位图像已转换为灰度图像。"},
    "note.image.sixteen_bit": {
        "en": "{mode} image (16-bit) scaled to 8-bit grayscale.",
        "zh": "{mode} 图像（16 位）已缩放为 8 位灰度图像。",
    },
    "note.image.high_bit_depth": {
        "en": "{mode} image (high bit depth) scaled to 8-bit grayscale.",
        "zh": "{mode} 图像（高位深）已缩放为 8 位灰度图像。",
    },
    "note.image.to_rgb": {"en": "{mode} colours converted to RGB.", "zh": "{mode} 颜色已转换为 RGB。"},
    # the bundled photographs' captions
    "note.image.sample_chelsea": {"en": "Chelsea the cat (CC0, Stefan van der Walt)", "zh": "猫咪 Chelsea（CC0，Stefan van der Walt）"},
    "note.image.sample_coffee": {"en": "A cup of coffee (CC0, Rachel Michetti)", "zh": "一杯咖啡（CC0，Rachel Michetti）"},
    "note.image.sample_astronaut": {"en": "Astronaut Eileen Collins (NASA, public domain)", "zh": "宇航员 Eileen Collins（NASA，公有领域）"},
    # the preprocessing steps (the Inside page's expander): a title and its numbers
    "note.image.step.channels": {"en": "Channels", "zh": "通道"},
    "note.image.step.to_grayscale": {
        "en": "RGB → grayscale (the model takes 1 channel)",
        "zh": "RGB → 灰度（模型只接受 1 个通道）",
    },
    "note.image.step.to_rgb": {
        "en": "grayscale → RGB (the channel repeated three times)",
        "zh": "灰度 → RGB（把这一个通道复制三次）",
    },
    "note.image.step.resize": {"en": "Resize", "zh": "缩放"},
    "note.image.step.resize_detail": {
        "en": "{iw}×{ih} → {rw}×{rh} (bilinear; the shorter side to {shorter} px)",
        "zh": "{iw}×{ih} → {rw}×{rh}（双线性插值；短边缩放到 {shorter} 像素）",
    },
    "note.image.step.crop": {"en": "Centre crop", "zh": "中心裁剪"},
    "note.image.step.crop_detail": {
        "en": "{w}×{h} from the middle (x {left}…{right}, y {top}…{bottom})",
        "zh": "从中间取 {w}×{h}（x {left}…{right}，y {top}…{bottom}）",
    },
    "note.image.step.tensor": {"en": "To tensor", "zh": "转为张量"},
    "note.image.step.tensor_detail": {
        "en": "{c}×{h}×{w}, pixel values / 255 → [0, 1]",
        "zh": "{c}×{h}×{w}，像素值 / 255 → [0, 1]",
    },
    "note.image.step.normalise": {"en": "Normalise", "zh": "标准化"},
    "note.image.step.normalise_detail": {
        "en": "(x − mean) / std per channel, mean {mean}, std {std}",
        "zh": "逐通道计算 (x − 均值) / 标准差，均值 {mean}，标准差 {std}",
    },
    # --- loading weights (explorer/inspect/weights.py) -----------------------------------------
    "note.weights.these": {"en": "These weights", "zh": "这些权重"},
    "note.weights.aux_dropped": {
        "en": "The checkpoint's auxiliary classifiers (aux1, aux2) were left out: this model has none.",
        "zh": "没有加载检查点中的辅助分类器（aux1、aux2）：这个模型没有辅助分类器。",
    },
    "note.weights.transform_input": {
        "en": "transform_input switched on: torchvision's GoogLeNet weights were trained on inputs scaled to [-1, 1].",
        "zh": "已打开 transform_input：torchvision 的 GoogLeNet 权重是在缩放到 [-1, 1] 的输入上训练的。",
    },
    # --- a training run's data (explorer/training/datasets.py, worker.py) ----------------------
    "note.data.downloaded": {
        "en": "Downloaded {files} into {folder} (checksums verified).",
        "zh": "已把 {files} 下载到 {folder}（校验和已核对）。",
    },
    "note.data.folder_grey": {
        "en": "{images:,} images in {classes} classes, from {smallest} to {largest} pixels, each resized to {size} and converted "
        "to grey.",
        "zh": "共 {images:,} 张图像，{classes} 个类别，尺寸从 {smallest} 到 {largest} 像素，每张都缩放到 {size} 并转换为灰度。",
    },
    "note.data.folder_rgb": {
        "en": "{images:,} images in {classes} classes, from {smallest} to {largest} pixels, each resized to {size} and converted "
        "to RGB.",
        "zh": "共 {images:,} 张图像，{classes} 个类别，尺寸从 {smallest} 到 {largest} 像素，每张都缩放到 {size} 并转换为 RGB。",
    },
    "note.data.unreadable_one": {
        "en": "1 file could not be decoded as an image and was skipped.",
        "zh": "有 1 个文件无法解码为图像，已跳过。",
    },
    "note.data.unreadable": {
        "en": "{files} files could not be decoded as images and were skipped.",
        "zh": "有 {files} 个文件无法解码为图像，已跳过。",
    },
    "note.data.ignored_one": {"en": "1 file without an image suffix ignored.", "zh": "忽略了 1 个没有图像扩展名的文件。"},
    "note.data.ignored": {"en": "{files} files without an image suffix ignored.", "zh": "忽略了 {files} 个没有图像扩展名的文件。"},
    "note.data.held_out": {
        "en": "{images:,} training images ({fraction:.0%}) held out for validation.",
        "zh": "从训练集中留出 {images:,} 张图像（{fraction:.0%}）用于验证。",
    },
    # how the images are fitted to the model's input (describe_adaptation)
    "note.data.fit_any_grey": {
        "en": "Each image is resized to {size} and converted to grey.",
        "zh": "每张图像都缩放到 {size} 并转换为灰度。",
    },
    "note.data.fit_any_rgb": {
        "en": "Each image is resized to {size} and converted to RGB.",
        "zh": "每张图像都缩放到 {size} 并转换为 RGB。",
    },
    "note.data.fit_shapes_named": {
        "en": "{name} images are {images}; the model takes {model}.",
        "zh": "{name} 图像是 {images}；模型的输入是 {model}。",
    },
    "note.data.fit_shapes": {
        "en": "The images are {images}; the model takes {model}.",
        "zh": "这些图像是 {images}；模型的输入是 {model}。",
    },
    "note.data.fit_repeat": {
        "en": "Grey is repeated into {channels} identical channels.",
        "zh": "灰度通道被复制成 {channels} 个相同的通道。",
    },
    "note.data.fit_to_grey": {
        "en": "Colour is converted to grey (0.299 R + 0.587 G + 0.114 B).",
        "zh": "彩色被转换为灰度（0.299 R + 0.587 G + 0.114 B）。",
    },
    "note.data.fit_shrink": {
        "en": "Each image is resized from {before} to {after} (anti-aliased).",
        "zh": "每张图像从 {before} 缩小到 {after}（抗锯齿）。",
    },
    "note.data.fit_enlarge": {
        "en": "Each image is resized from {before} to {after} (bilinear).",
        "zh": "每张图像从 {before} 放大到 {after}（双线性插值）。",
    },
    "note.data.fit_cost": {
        "en": "That is {factor:.0f}× the pixels, so every step costs about {factor:.0f}× more.",
        "zh": "像素数是原来的 {factor:.0f} 倍，所以每一步的计算量也约为原来的 {factor:.0f} 倍。",
    },
    "note.data.fit_per_batch": {
        "en": "The images are too many to fit at that size at once, so each batch is fitted as it is drawn.",
        "zh": "图像太多，无法一次全部缩放到这个尺寸，所以每个批次在抽取时再缩放。",
    },
    # --- how a training run ends (explorer/training/engine.py) ---------------------------------
    "note.train.finished": {"en": "Finished {steps} steps ({epochs} epochs).", "zh": "已完成 {steps} 步（{epochs} 个轮次）。"},
    "note.train.finished_one_epoch": {"en": "Finished {steps} steps (1 epoch).", "zh": "已完成 {steps} 步（1 个轮次）。"},
    "note.train.stopped_at": {
        "en": "Stopped at step {step} of {total} (epoch {epoch}).",
        "zh": "已在第 {step} 步停止（共 {total} 步，第 {epoch} 个轮次）。",
    },
    "note.train.stopped_after": {
        "en": "Stopped after epoch {epoch} (step {step} of {total}).",
        "zh": "已在第 {epoch} 个轮次结束后停止（第 {step} 步，共 {total} 步）。",
    },
    "note.train.diverged_train": {
        "en": "The training loss became {loss} at step {step} (epoch {epoch}).",
        "zh": "训练损失在第 {step} 步（第 {epoch} 个轮次）变成了 {loss}：训练发散了。",
    },
    "note.train.diverged_val": {
        "en": "The validation loss became {loss} after epoch {epoch}.",
        "zh": "验证损失在第 {epoch} 个轮次之后变成了 {loss}：训练发散了。",
    },
    "note.train.diverged_hint": {
        "en": "The learning rate {lr:.3g} is probably too high for this model and optimizer: try {lower:.3g} (10× lower), "
        "a schedule that warms up (one-cycle), or a model with batch normalization.",
        "zh": "对这个模型和优化器来说，学习率 {lr:.3g} 可能太高了：试试 {lower:.3g}（低 10 倍）、带预热的学习率调度（one-cycle），"
        "或者带批归一化的模型。",
    },
    "note.train.out_of_memory": {
        "en": "Ran out of memory on {device} with batch size {batch}.",
        "zh": "在 {device} 上内存不足（批大小 {batch}）。",
    },
    "note.train.out_of_memory_hint": {
        "en": "Lower the batch size (try {half}) or the input size.",
        "zh": "请减小批大小（试试 {half}）或输入尺寸。",
    },
    "note.train.out_of_memory_hint_amp": {
        "en": "Lower the batch size (try {half}) or the input size, or turn mixed precision on.",
        "zh": "请减小批大小（试试 {half}）或输入尺寸，或者打开混合精度。",
    },
    # --- the worker: a run that could not go on, and what it is doing (explorer/training/worker.py)
    "note.run.cli_gone": {
        "en": "The command that queued this run ended before it could start.",
        "zh": "排队这次运行的命令在运行开始之前就结束了。",
    },
    "note.run.vanished": {"en": "The training process ended unexpectedly.", "zh": "训练进程意外结束了。"},
    "note.run.vanished_at_step": {
        "en": "The training process ended unexpectedly at step {step}.",
        "zh": "训练进程在第 {step} 步意外结束了。",
    },
    "note.run.vanished_resumable": {
        "en": "The training process ended unexpectedly. Resume continues from the last checkpoint.",
        "zh": "训练进程意外结束了。按“继续训练”可从最后一个检查点接着训练。",
    },
    "note.run.vanished_at_step_resumable": {
        "en": "The training process ended unexpectedly at step {step}. Resume continues from the last checkpoint.",
        "zh": "训练进程在第 {step} 步意外结束了。按“继续训练”可从最后一个检查点接着训练。",
    },
    "note.run.stopped_queued": {"en": "Stopped before it started.", "zh": "在开始之前就已停止。"},
    "note.phase.data": {"en": "Preparing the data", "zh": "正在准备数据"},
    "note.phase.model": {"en": "Building the model", "zh": "正在构建模型"},
    "note.phase.download": {"en": "Downloading {fraction:.0%}", "zh": "正在下载 {fraction:.0%}"},
    "note.phase.download_mb": {"en": "Downloading {mb:.1f} MB", "zh": "正在下载 {mb:.1f} MB"},
    "note.phase.decode": {"en": "Decoding images {fraction:.0%}", "zh": "正在解码图像 {fraction:.0%}"},
    "note.phase.decode_mb": {"en": "Decoding images {mb:.1f} MB", "zh": "正在解码图像 {mb:.1f} MB"},
    "note.phase.generate": {"en": "Generating images {fraction:.0%}", "zh": "正在生成图像 {fraction:.0%}"},
    "note.phase.generate_mb": {"en": "Generating images {mb:.1f} MB", "zh": "正在生成图像 {mb:.1f} MB"},
    # --- backbones (zoo1) ---------------------------------------------------------------------
    "note.weights.mnasnet_v1": {
        "en": "The checkpoint is torchvision's first MNASNet version, whose stem keeps 32 and 16 channels: "
        "the model's stem was rebuilt that way.",
        "zh": "这个检查点是 torchvision 的第一版 MNASNet，其主干保持 32 和 16 个通道：模型的主干已按此重建。",
    },
    # --- zoo2: torchvision's Inception-v3 checkpoint (explorer/inspect/weights.py) ---------------
    "note.weights.aux_dropped_inception": {
        "en": "The checkpoint's auxiliary classifier (AuxLogits) was left out: this model has none.",
        "zh": "没有加载检查点中的辅助分类器（AuxLogits）：这个模型没有辅助分类器。",
    },
    "note.weights.transform_input_inception": {
        "en": "transform_input switched on: torchvision's Inception-v3 weights were trained on inputs scaled to [-1, 1].",
        "zh": "已打开 transform_input：torchvision 的 Inception-v3 权重是在缩放到 [-1, 1] 的输入上训练的。",
    },
    # --- analysis: functional operations whose multiply-adds could not be read (explorer/analysis/trace.py) ---
    "note.analysis.macs_uncounted": {
        "en": "The multiply-adds of '{op}' in {layer} are not counted: this call could not be read.",
        "zh": "{layer} 中 '{op}' 的乘加次数没有计入：无法解析这次调用。",
    },
    "note.analysis.macs_uncounted_model": {
        "en": "The multiply-adds of '{op}' in the model are not counted: this call could not be read.",
        "zh": "模型中 '{op}' 的乘加次数没有计入：无法解析这次调用。",
    },
}
