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
        "en": "{n} interactive labs for the classroom, from one convolution window to ResNet's degradation experiment.",
        "zh": "{n} 个课堂互动实验：从一个卷积窗口到 ResNet 的退化实验。",
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
    # --- byo: the operator's own models (explorer/zoo/external.py) ---
    "widgets.group.operator": {"en": "Operator's models", "zh": "本服务器的模型"},
    "app.operator_models_failed": {
        "en": "The operator's models could not be loaded: {error}",
        "zh": "无法加载本服务器管理员提供的模型：{error}",
    },
    # --- people: sign-in, the person in the sidebar, the teacher's class page (ui/people.py, pages/teacher.py) ---
    "nav.teacher": {"en": "Class", "zh": "班级"},
    "people.title": {"en": "Sign in to the class", "zh": "登录课堂"},
    "people.intro": {
        "en": "Type your name so that your runs are yours: the others in the class do not see them, and you find them again "
              "after a refresh or tomorrow, in this browser.",
        "zh": "输入你的名字，你的训练运行就只属于你：班上其他人看不到，刷新页面或明天在这个浏览器里也能找回。",
    },
    "people.name": {"en": "Your name", "zh": "你的名字"},
    "people.name.help": {"en": "As the teacher should see it next to your runs.", "zh": "老师在你的运行旁边看到的名字。"},
    "people.code": {"en": "Class code", "zh": "班级代码"},
    "people.code.help": {"en": "The code your teacher gave the class.", "zh": "老师告诉全班的代码。"},
    "people.secret": {"en": "Teacher secret (teachers only)", "zh": "教师密码（仅限教师）"},
    "people.secret.help": {"en": "Leave it empty unless you teach this class.", "zh": "除非你是这个班的老师，否则请留空。"},
    "people.sign_in": {"en": "Sign in", "zh": "登录"},
    "people.sign_out": {"en": "Sign out", "zh": "退出登录"},
    "people.signed_in": {"en": "Signed in as **{name}** ({role})", "zh": "已登录：**{name}**（{role}）"},
    "people.role.teacher": {"en": "teacher", "zh": "教师"},
    "people.role.student": {"en": "student", "zh": "学生"},
    "people.oidc.intro": {"en": "Sign in with your school account so that your runs are yours.", "zh": "用学校账号登录，你的训练运行就只属于你。"},
    "people.oidc.button": {"en": "Sign in with {provider}", "zh": "用 {provider} 登录"},
    "people.oidc.button_one": {"en": "Sign in", "zh": "登录"},
    "train.manage": {"en": "Name or delete this run", "zh": "命名或删除这次运行"},
    "train.rename": {"en": "Name of the run", "zh": "运行名称"},
    "train.rename.help": {"en": "Shown in the runs list next to your name (press Enter).", "zh": "显示在运行列表中你的名字旁边（按回车确认）。"},
    "train.delete.sure": {"en": "Yes, delete this run and its weights", "zh": "是的，删除这次运行及其权重"},
    "train.delete": {"en": "Delete the run", "zh": "删除这次运行"},
    "train.delete.busy": {"en": "Stop the run first.", "zh": "请先停止这次运行。"},
    "train.mistakes.owner_only": {
        "en": "Only the run's owner and the teacher see its images.", "zh": "只有这次运行的主人和老师能看到它的图像。",
    },
    "teacher.only": {"en": "This page is the teacher's.", "zh": "此页面仅供教师使用。"},
    "teacher.title": {"en": "The class", "zh": "班级"},
    "teacher.caption": {
        "en": "Everyone's runs as they train (read again every two seconds). Share a good run to show it in every student's "
              "list and in the Train page's comparison.",
        "zh": "所有人的训练运行（每两秒刷新一次）。共享一次好的运行，它就会出现在每个学生的列表和训练页面的对比中。",
    },
    "teacher.none": {"en": "No runs yet.", "zh": "还没有运行记录。"},
    "teacher.local": {"en": "(this computer)", "zh": "（本机）"},
    "teacher.col.owner": {"en": "who", "zh": "谁"},
    "teacher.col.run": {"en": "run", "zh": "运行"},
    "teacher.col.status": {"en": "status", "zh": "状态"},
    "teacher.col.step": {"en": "step", "zh": "步数"},
    "teacher.col.acc": {"en": "accuracy", "zh": "准确率"},
    "teacher.col.val_acc": {"en": "validation accuracy", "zh": "验证准确率"},
    "teacher.col.shared": {"en": "shared", "zh": "已共享"},
    "teacher.col.id": {"en": "id", "zh": "id"},
    "teacher.pick": {"en": "Run", "zh": "运行"},
    "teacher.pick.placeholder": {"en": "pick a run to stop, delete or share", "zh": "选择要停止、删除或共享的运行"},
    "teacher.stop": {"en": "Stop", "zh": "停止"},
    "teacher.delete": {"en": "Delete", "zh": "删除"},
    "teacher.share": {"en": "Share with the class", "zh": "与全班共享"},
    "teacher.unshare": {"en": "Stop sharing", "zh": "取消共享"},
    "teacher.done.stop": {"en": "Asked {run} to stop.", "zh": "已请求停止 {run}。"},
    "teacher.done.delete": {"en": "Deleted {run}.", "zh": "已删除 {run}。"},
    "teacher.done.share": {"en": "{run} is shared with the class.", "zh": "{run} 已与全班共享。"},
    "teacher.done.unshare": {"en": "{run} is no longer shared.", "zh": "{run} 不再共享。"},
    "teacher.clear.title": {"en": "End of the lesson", "zh": "下课"},
    "teacher.clear.caption": {
        "en": "Deletes the {runs} runs of the class (yours and this computer's stay) and every student's uploaded files.",
        "zh": "删除班上的 {runs} 次运行（你的和本机的保留）以及所有学生上传的文件。",
    },
    "teacher.clear.sure": {"en": "Yes, delete the class's {runs} runs and uploads", "zh": "是的，删除班上的 {runs} 次运行和上传的文件"},
    "teacher.clear": {"en": "Clear the class", "zh": "清空班级"},
    "teacher.cleared": {
        "en": "Deleted {runs} runs and {uploads} students' uploads; {stopping} runs were still training and are stopping "
              "(clear again in a moment).",
        "zh": "已删除 {runs} 次运行和 {uploads} 名学生的上传文件；还有 {stopping} 次运行正在训练，正在停止（稍后再清空一次）。",
    },
    # --- projector mode (ui/projector.py) ---------------------------------------------------------
    "present.enter": {"en": "Present", "zh": "投影模式"},
    "present.enter.help": {
        "en": "For a projector: large type, no sidebar, the essential numbers and one chart. Esc leaves.",
        "zh": "用于投影：大字号、隐藏侧边栏，只显示关键数字和一张图。按 Esc 退出。",
    },
    "present.exit": {"en": "Exit", "zh": "退出"},
    "present.chart": {"en": "Chart", "zh": "图表"},
    "present.arch.diagram": {"en": "Layers to scale", "zh": "按比例的各层"},
    "present.arch.rf": {"en": "Receptive field", "zh": "感受野"},
    "present.arch.shapes": {"en": "Shapes", "zh": "形状"},
    "present.arch.stage_params": {"en": "Parameters by stage", "zh": "各阶段参数量"},
    "present.arch.stage_macs": {"en": "MACs by stage", "zh": "各阶段乘加次数"},
    "present.cmp.pm": {"en": "Parameters vs MACs", "zh": "参数量与乘加次数"},
    "present.cmp.stages": {"en": "Where the parameters are", "zh": "参数分布在哪里"},
    "present.cmp.rf": {"en": "Receptive field by depth", "zh": "感受野随深度增长"},
    "present.train.settings": {"en": "The run's settings and Train", "zh": "训练设置与开始训练"},
    "present.cmp.spatial": {"en": "Spatial size by depth", "zh": "空间尺寸随深度变化"},
    # --- design: the Design page (pages/design.py, ui/design.py) -----------------------------------
    "nav.design": {"en": "Design", "zh": "设计"},
    "widgets.group.design": {"en": "Your designs", "zh": "你的设计"},
    "design.title": {"en": "Design your own network", "zh": "设计你自己的网络"},
    "design.caption": {
        "en": "Write the network as a YAML spec on the left; its layers, shapes, parameters, MACs and receptive fields "
        "appear on the right. A mistake names its line. The design then opens on every page: Architecture, Compare, "
        "Inside, Train.",
        "zh": "在左侧用 YAML 规格写出网络；右侧显示它的各层、形状、参数量、乘加次数和感受野。出错时会指出所在行。"
        "之后每个页面都能打开这个设计：架构、比较、内部、训练。",
    },
    "design.sidebar.copy": {"en": "Start from a zoo model", "zh": "从模型库中的模型开始"},
    "design.copy.from": {"en": "Architecture", "zh": "架构"},
    "design.copy.help": {
        "en": "VGG, ResNet, LeNet-5, TinyVGG and the CIFAR models can be written as a spec; others say why not.",
        "zh": "VGG、ResNet、LeNet-5、TinyVGG 和 CIFAR 模型可以写成规格；其他模型会说明原因。",
    },
    "design.copy.button": {"en": "Edit a copy", "zh": "编辑副本"},
    "design.edit_copy": {"en": "Edit a copy on the Design page", "zh": "在“设计”页面编辑副本"},
    "design.edit_link": {"en": "Edit the spec on the Design page", "zh": "在“设计”页面编辑规格"},
    "design.sidebar.files": {"en": "Files", "zh": "文件"},
    "design.upload": {"en": "Open a .yaml spec", "zh": "打开 .yaml 规格文件"},
    "design.upload.help": {"en": "It replaces the text in the editor.", "zh": "它会替换编辑器中的文本。"},
    "design.upload.large": {"en": "The uploaded file is too large for a design spec.", "zh": "上传的文件太大，不像是设计规格。"},
    "design.upload.not_text": {
        "en": "The uploaded file is not UTF-8 text: save the spec as plain text.",
        "zh": "上传的文件不是 UTF-8 文本：请把规格保存为纯文本。",
    },
    "design.editor": {"en": "Spec (YAML)", "zh": "规格（YAML）"},
    "design.editor.help": {
        "en": "One layer a line under layers:, e.g. '- conv: {out: 32, kernel: 3, padding: same}'. The README's section "
        "\"Design your own network\" lists every layer and block.",
        "zh": "在 layers: 下每行写一层，例如 '- conv: {out: 32, kernel: 3, padding: same}'。README 的“设计你自己的网络”"
        "一节列出了所有层和块。",
    },
    "design.editor.hint": {
        "en": "Press Ctrl+Enter (or click outside the box) to update the view.",
        "zh": "按 Ctrl+Enter（或点击编辑框外）更新右侧视图。",
    },
    "design.budget.inside": {
        "en": "The Inside page would not build this design on this server: {reason}",
        "zh": "在本服务器上，“内部”页面不会构建这个设计：{reason}",
    },
    "design.budget.train": {
        "en": "Training it would be refused on this server: {reason}",
        "zh": "在本服务器上，训练它会被拒绝：{reason}",
    },
    "design.open.architecture": {"en": "Open in Architecture", "zh": "在“架构”中打开"},
    "design.open.inside": {"en": "Open in Inside", "zh": "在“内部”中打开"},
    "design.open.train": {"en": "Train it", "zh": "训练它"},
    "design.download.yaml": {"en": "Download .yaml", "zh": "下载 .yaml"},
    "design.download.py": {"en": "Export PyTorch .py", "zh": "导出 PyTorch .py"},
    # --- i18n: numbers the books print in words (ui.i18n.printed) ----------------------------
    "i18n.printed.over": {"en": "over {n}", "zh": "超过 {n}"},
    "i18n.printed.about": {"en": "about {n}", "zh": "约 {n}"},
    "i18n.printed.exact": {"en": "{n}", "zh": "{n}"},
}
