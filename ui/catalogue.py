"""The catalogue's entries for the shell and the Home, Architecture and Compare pages (the labs': catalogue_labs.py).

Keys are ``area.thing``; values hold the same ``{placeholders}`` in both
languages. Chinese follows the terms of the course's books (卷积, 感受野,
参数, 批归一化, 残差). Read through :func:`ui.i18n.t`.
"""

STRINGS: dict[str, dict[str, str]] = {
    # --- navigation -------------------------------------------------------------------------
    "nav.home": {"en": "Home", "zh": "首页"},
    "nav.architecture": {"en": "Architecture", "zh": "架构"},
    "nav.compare": {"en": "Compare", "zh": "比较"},
    "nav.learn": {"en": "Learn", "zh": "学习"},
    # --- home -------------------------------------------------------------------------------
    "home.title": {"en": "CNN Explorer", "zh": "CNN Explorer · 卷积神经网络探索器"},
    "home.intro": {
        "en": "Pick a convolutional network — LeNet-5, AlexNet, VGG, GoogLeNet, ResNet, or the exact models of the course's "
        "textbooks — turn its knobs, and see what **every layer** does: output shape, receptive field, parameters, "
        "compute and memory, each with the formula behind it.",
        "zh": "选择一个卷积神经网络——LeNet-5、AlexNet、VGG、GoogLeNet、ResNet，或课程教材中的原样模型——调节它的超参数，"
        "看看**每一层**做了什么：输出形状、感受野、参数量、计算量和内存，每个数字都附有背后的公式。",
    },
    "home.link.architecture": {"en": "**Architecture** — every layer of one network", "zh": "**架构** —— 一个网络的每一层"},
    "home.caption.architecture": {
        "en": "Choose a network and its hyperparameters; read the layer table, the formulas, the charts.",
        "zh": "选择网络及其超参数；查看层表、公式和图表。",
    },
    "home.link.compare": {"en": "**Compare** — networks side by side", "zh": "**比较** —— 网络并排对比"},
    "home.caption.compare": {
        "en": "VGG-16 vs ResNet-50: where the parameters are, what the compute costs, how the receptive field grows.",
        "zh": "VGG-16 对比 ResNet-50：参数在哪里、计算量多大、感受野如何增长。",
    },
    "home.link.inside": {"en": "**Inside** — feature maps, filters, saliency", "zh": "**内部** —— 特征图、滤波器、显著性"},
    "home.caption.inside": {
        "en": "Upload a photo and walk through the layers with random, trained or pretrained weights: receptive fields on the image, Grad-CAM.",
        "zh": "上传一张照片，用随机、训练过或预训练的权重逐层查看：图像上的感受野、Grad-CAM。",
    },
    "home.link.train": {"en": "**Train** — short live training runs", "zh": "**训练** —— 实时的短时训练"},
    "home.caption.train": {
        "en": "Press Train and watch the loss fall: curves, filters and predictions, on the GPU when there is one.",
        "zh": "按下训练，看着损失下降：曲线、滤波器和预测，有 GPU 时在 GPU 上运行。",
    },
    "nav.inside": {"en": "Inside", "zh": "内部"},
    "nav.train": {"en": "Train", "zh": "训练"},
    "home.link.learn": {"en": "**Learn** — the textbooks' lessons as labs", "zh": "**学习** —— 把教材的例题做成实验"},
    "home.caption.learn": {
        "en": "Twelve interactive labs for the classroom, from one convolution window to ResNet's degradation experiment.",
        "zh": "十二个课堂互动实验：从一个卷积窗口到 ResNet 的退化实验。",
    },
    "home.definitions": {
        "en": "**How the numbers are defined.** *Parameters* are PyTorch's (`sum(p.numel())`); the *Keras-style* count adds "
        "BatchNorm's running mean and variance, as the books' `model.summary()` prints. *MACs* are multiply-adds as "
        "torchinfo counts them (one multiply-add = 1; FLOPs ≈ 2 × MACs). *Receptive fields* follow Araujo et al. "
        "(Distill, 2019): size, effective stride and effective padding in input pixels.",
        "zh": "**数字的定义。** *参数量*按 PyTorch 计算（`sum(p.numel())`）；*Keras 式*计数另加上批归一化的滑动均值和方差，"
        "与教材中 `model.summary()` 打印的一致。*MACs* 是 torchinfo 口径的乘加次数（一次乘加 = 1；FLOPs ≈ 2 × MACs）。"
        "*感受野*按 Araujo 等人（Distill，2019）的定义：以输入像素计的大小、有效步幅和有效填充。",
    },
    # --- architecture page --------------------------------------------------------------------
    "arch.sidebar.model": {"en": "Model", "zh": "模型"},
    "arch.sidebar.display": {"en": "Display", "zh": "显示"},
    "arch.batch": {"en": "Batch size (for memory)", "zh": "批大小（用于估算内存）"},
    "arch.keras": {"en": "Keras-style parameter count", "zh": "Keras 式参数计数"},
    "arch.keras.help": {
        "en": "Count BatchNorm's running mean and variance as non-trainable parameters, as the books' model.summary() does.",
        "zh": "把批归一化的滑动均值和方差算作不可训练参数，与教材中 model.summary() 的做法相同。",
    },
    "arch.flops": {"en": "Show FLOPs (2 × MACs)", "zh": "显示 FLOPs（2 × MACs）"},
    "arch.notes": {"en": "How this model relates to its paper or book", "zh": "此模型与论文或教材的关系"},
    "arch.tab.layers": {"en": "Layers", "zh": "各层"},
    "arch.tab.charts": {"en": "Charts", "zh": "图表"},
    "arch.tab.torchinfo": {"en": "torchinfo", "zh": "torchinfo"},
    "arch.formulas": {"en": "Formulas", "zh": "公式"},
    "arch.download.csv": {"en": "Download CSV", "zh": "下载 CSV"},
    "arch.download.md": {"en": "Download Markdown", "zh": "下载 Markdown"},
    "arch.download.json": {"en": "Download JSON", "zh": "下载 JSON"},
    "arch.torchinfo.caption": {
        "en": "torchinfo's own summary of the same model, for comparison (its Mult-Adds are our MACs).",
        "zh": "torchinfo 对同一模型的摘要，供对照（它的 Mult-Adds 即本工具的 MACs）。",
    },
    # --- summary cards (ui/views.py) --------------------------------------------------------
    "card.params": {"en": "Parameters", "zh": "参数量"},
    "card.params.keras": {"en": "Parameters (Keras-style)", "zh": "参数量（Keras 式）"},
    "card.params.help": {"en": "Trainable {trainable} · non-trainable {non_trainable}", "zh": "可训练 {trainable} · 不可训练 {non_trainable}"},
    "card.params.help.keras": {
        "en": " (BatchNorm running mean and variance count as non-trainable, as Keras prints them)",
        "zh": "（批归一化的滑动均值和方差计为不可训练参数，与 Keras 的打印一致）",
    },
    "card.macs.help": {"en": "{n} multiply-adds for one {shape} input", "zh": "一个 {shape} 输入需要 {n} 次乘加"},
    "card.flops.help": {"en": "{n} floating-point operations (2 × MACs) for one {shape} input", "zh": "一个 {shape} 输入需要 {n} 次浮点运算（2 × MACs）"},
    "card.activations": {"en": "Activations ×{batch}", "zh": "激活 ×{batch}"},
    "card.activations.help": {
        "en": "Outputs of all layers for a batch of {batch} in float32 (what training keeps for the backward pass); weights take {weights} more.",
        "zh": "批大小为 {batch} 时所有层的 float32 输出（训练时为反向传播保存的内容）；权重另占 {weights}。",
    },
    "card.rf": {"en": "Receptive field", "zh": "感受野"},
    "card.rf.help": {
        "en": "Of the last spatial layer: size / effective stride / effective padding = {rf}",
        "zh": "最后一个空间层的：大小 / 有效步幅 / 有效填充 = {rf}",
    },
    "card.min_input": {"en": "Smallest input", "zh": "最小输入"},
    "card.min_input.help": {
        "en": "The smallest input for which every layer still outputs at least 1×1.",
        "zh": "使每一层输出仍至少为 1×1 的最小输入。",
    },
    "card.depth": {"en": "Depth", "zh": "深度"},
    "card.depth.value": {"en": "{n} layers", "zh": "{n} 层"},
    "card.depth.help": {
        "en": "Conv and dense layers on the longest path from input to output.",
        "zh": "从输入到输出最长路径上的卷积层和全连接层。",
    },
    # --- layer table and formulas -----------------------------------------------------------
    "table.again": {"en": " (again)", "zh": "（再次调用）"},
    "table.detail": {"en": "Detail", "zh": "细节"},
    "table.detail.stages": {"en": "stages", "zh": "阶段"},
    "table.detail.all": {"en": "all layers", "zh": "所有层"},
    "table.detail.depth": {"en": "depth {d}", "zh": "第 {d} 级"},
    "table.detail.help": {"en": "Collapse the hierarchy (stage → block → layer) to this depth.", "zh": "把层级（阶段 → 块 → 层）折叠到此深度。"},
    "table.search": {"en": "Search layers", "zh": "搜索层"},
    "table.search.placeholder": {"en": "e.g. conv, layer3, classifier", "zh": "例如 conv、layer3、classifier"},
    "table.no_match": {"en": "No layer matches that search.", "zh": "没有与此搜索匹配的层。"},
    "table.col.layer": {"en": "Layer", "zh": "层"},
    "table.col.type": {"en": "Type", "zh": "类型"},
    "table.col.output": {"en": "Output", "zh": "输出"},
    "table.col.params": {"en": "Params", "zh": "参数"},
    "table.col.params.help": {"en": "Parameters of the layer and its children", "zh": "该层及其子层的参数"},
    "table.col.macs.help": {"en": "Multiply-adds for one sample", "zh": "一个样本的乘加次数"},
    "table.col.flops.help": {"en": "2 × multiply-adds for one sample", "zh": "一个样本的乘加次数 × 2"},
    "table.col.rf": {"en": "RF", "zh": "感受野"},
    "table.col.rf.help": {"en": "Receptive-field size in input pixels", "zh": "以输入像素计的感受野大小"},
    "table.col.stride": {"en": "Stride", "zh": "步幅"},
    "table.col.stride.help": {"en": "Effective stride: input pixels between neighbouring units", "zh": "有效步幅：相邻单元之间相隔的输入像素"},
    "table.col.padding": {"en": "Padding", "zh": "填充"},
    "table.col.padding.help": {"en": "Effective padding of the receptive field", "zh": "感受野的有效填充"},
    "table.col.memory": {"en": "Memory", "zh": "内存"},
    "formula.select": {"en": "Select a row of the table to see the formulas behind its numbers.", "zh": "选中表格的一行，查看其数字背后的公式。"},
    "formula.header": {"en": "**{name}** · {type} · input {inp} → output {out}", "zh": "**{name}** · {type} · 输入 {inp} → 输出 {out}"},
    "formula.quantity.output_size": {"en": "Output size", "zh": "输出尺寸"},
    "formula.quantity.parameters": {"en": "Parameters", "zh": "参数量"},
    "formula.quantity.MACs": {"en": "MACs", "zh": "乘加次数（MACs）"},
    "formula.quantity.receptive_field": {"en": "Receptive field", "zh": "感受野"},
    "formula.quantity.effective_stride": {"en": "Effective stride", "zh": "有效步幅"},
    "formula.quantity.memory": {"en": "Memory", "zh": "内存"},
    "error.use_minimum": {"en": "Use the smallest input that works ({h}×{w})", "zh": "使用可行的最小输入（{h}×{w}）"},
    # --- model controls (ui/widgets.py) -------------------------------------------------------
    "widgets.family": {"en": "Family", "zh": "类别"},
    "widgets.group.reference": {"en": "Reference", "zh": "参考模型"},
    "widgets.group.backbone": {"en": "Backbones", "zh": "主干网络"},
    "widgets.group.book": {"en": "Books", "zh": "教材模型"},
    "widgets.group.teaching": {"en": "Teaching", "zh": "教学模型"},
    "widgets.architecture": {"en": "Architecture", "zh": "架构"},
    "widgets.channels": {"en": "Channels", "zh": "通道数"},
    "widgets.height": {"en": "Height", "zh": "高度"},
    "widgets.width": {"en": "Width", "zh": "宽度"},
    "widgets.hyperparameters": {"en": "Hyperparameters", "zh": "超参数"},
    "widgets.reset": {"en": "Reset to defaults", "zh": "恢复默认值"},
    # --- compare page -----------------------------------------------------------------------
    "compare.title": {"en": "Compare architectures", "zh": "比较架构"},
    "compare.sidebar.models": {"en": "Models", "zh": "模型"},
    "compare.preset": {"en": "Preset", "zh": "预设"},
    "compare.preset.custom": {"en": "Custom", "zh": "自定义"},
    "compare.count": {"en": "How many", "zh": "数量"},
    "arch.torchinfo.running": {"en": "Running torchinfo…", "zh": "正在运行 torchinfo…"},
    "compare.need_two": {"en": "Choose at least two models that can be analysed.", "zh": "请至少选择两个可以分析的模型。"},
    "cmp.col.model": {"en": "Model", "zh": "模型"},
    "cmp.col.input": {"en": "Input", "zh": "输入"},
    "cmp.col.params": {"en": "Parameters", "zh": "参数量"},
    "cmp.col.activations": {"en": "Activations (batch 1)", "zh": "激活（批大小 1）"},
    "cmp.col.depth": {"en": "Depth", "zh": "深度"},
    "cmp.col.rf": {"en": "Receptive field", "zh": "感受野"},
    "cmp.col.min_input": {"en": "Smallest input", "zh": "最小输入"},
    # --- the work budget on the Architecture page (pages/architecture.py) -----------------------
    "arch.budget.inside": {
        "en": "The Inside page would not build this model on this server: {reason}",
        "zh": "在本服务器上，“内部”页面不会构建这个模型：{reason}",
    },
    "arch.budget.train": {
        "en": "Training it with a batch of {batch} would be refused on this server: {reason}",
        "zh": "在本服务器上，以批大小 {batch} 训练它会被拒绝：{reason}",
    },
    "arch.batch.help": {
        "en": "This server allows batches of up to {limit}.",
        "zh": "本服务器允许的批大小最多为 {limit}。",
    },
    # --- links: what a link could not use (ui/urlstate.py read_link, ui/state.py link_message) ---------
    "url.problems": {
        "en": "Part of this link could not be used; the rest of it is shown.",
        "zh": "此链接中有一部分无法使用；其余部分已照常显示。",
    },
    "url.bad_value": {"en": "The link's {name} cannot be '{value}': use {allowed}.", "zh": "链接中的 {name} 不能取 '{value}'：请用{allowed}。"},
    "url.bad_choice": {
        "en": "The link's {name} '{value}' does not exist here: use one of {choices}.",
        "zh": "链接中的 {name} '{value}' 在这里不存在：请从 {choices} 中选一个。",
    },
    "url.allowed.flag": {"en": "1 (on) or 0 (off)", "zh": " 1（开）或 0（关）"},
    "url.allowed.int_range": {"en": "an integer from {min} to {max}", "zh": " {min} 到 {max} 之间的整数"},
    "url.allowed.range": {"en": "a number from {min} to {max}", "zh": " {min} 到 {max} 之间的数"},
    "url.allowed.other": {"en": "a value this page can show", "zh": "此页面能显示的值"},
    "url.unknown": {
        "en": "This page takes no link parameter {names}; it takes: {allowed}.",
        "zh": "此页面没有链接参数 {names}；可用的参数有：{allowed}。",
    },
    # --- i18n: numbers the books print in words (ui.i18n.printed) ----------------------------
    "i18n.printed.over": {"en": "over {n}", "zh": "超过 {n}"},
    "i18n.printed.about": {"en": "about {n}", "zh": "约 {n}"},
    "i18n.printed.exact": {"en": "{n}", "zh": "{n}"},
}
