"""The catalogue's entries for the Inside page (pages/inside.py, ui/inside.py; see ui/i18n.py).

Keys are ``inside.thing``; options drawn with a ``format_func`` are
``inside.<group>.<id>`` (the widget's value is the id). Layer, class and file
names are filled in, never translated.
"""

STRINGS: dict[str, dict[str, str]] = {
    # --- the page -----------------------------------------------------------------------------
    "inside.title": {"en": "Inside {arch}", "zh": "{arch} 的内部"},
    "inside.sidebar.model": {"en": "Model", "zh": "模型"},
    "inside.sidebar.weights": {"en": "Weights", "zh": "权重"},
    "inside.sidebar.image": {"en": "Image", "zh": "图像"},
    "inside.no_spatial": {
        "en": "This model has no layer with a spatial (C×H×W) output, so there are no feature maps to show.",
        "zh": "这个模型没有输出为空间布局（C×H×W）的层，因此没有特征图可显示。",
    },
    "inside.need_weights": {
        "en": "Choose the weights in the sidebar: a random initialisation, a trained run or a torchvision checkpoint.",
        "zh": "请在侧边栏选择权重：随机初始化、一次训练运行，或 torchvision 检查点。",
    },
    "inside.need_image": {
        "en": "Upload a photo or take one with the camera (sidebar), or pick a sample photo.",
        "zh": "请上传一张照片或用摄像头拍一张（侧边栏），或选择一张示例照片。",
    },
    "inside.caption": {"en": "`{arch}` · weights: {weights} · image: {image}", "zh": "`{arch}` · 权重：{weights} · 图像：{image}"},
    "inside.preprocess": {"en": "What the model receives: resize, crop, normalise", "zh": "模型接收到的输入：缩放、裁剪、归一化"},
    "inside.preprocess.crop": {"en": "the {w}×{h} crop the model sees", "zh": "模型看到的 {w}×{h} 裁剪区域"},
    # --- the layer ----------------------------------------------------------------------------
    "inside.walk": {"en": "Walk through the layers: edges → textures → parts", "zh": "逐层浏览：边缘 → 纹理 → 部件"},
    "inside.layer": {"en": "Layer, in the model's own hierarchy", "zh": "层（按模型自身的层级）"},
    "inside.layer.caption": {"en": "**{layer}** ({type}): {c} channels of {h}×{w}", "zh": "**{layer}**（{type}）：{c} 个 {h}×{w} 的通道"},
    "inside.layer.rf": {
        "en": "each unit sees {rh}×{rw} input pixels, one step = {stride} px",
        "zh": "每个单元看到 {rh}×{rw} 个输入像素，步幅 = {stride} 像素",
    },
    "inside.layer.computed": {"en": "computed in {ms} ms", "zh": "计算用时 {ms} 毫秒"},
    "inside.layer.cached": {"en": "from the cache (no forward pass)", "zh": "来自缓存（无需前向传播）"},
    # --- the views (tabs; the tab's value is its label, mapped back to these ids) ---------------
    "inside.view.maps": {"en": "Feature maps", "zh": "特征图"},
    "inside.view.filters": {"en": "Filters", "zh": "滤波器"},
    "inside.view.rf": {"en": "Receptive field", "zh": "感受野"},
    "inside.view.saliency": {"en": "Saliency", "zh": "显著性图"},
    "inside.view.weights": {"en": "Weights", "zh": "权重"},
    # feature maps
    "inside.sort": {"en": "Sort channels by", "zh": "通道排序依据"},
    "inside.sort.index": {"en": "channel number", "zh": "通道编号"},
    "inside.sort.mean": {"en": "mean activation", "zh": "平均激活"},
    "inside.sort.max": {"en": "peak activation", "zh": "峰值激活"},
    "inside.sort.active": {"en": "share of positive units", "zh": "正值单元的比例"},
    "inside.cmap": {"en": "Colour map", "zh": "颜色映射"},
    "inside.per_channel": {"en": "Scale each channel to its own min–max", "zh": "每个通道按自身的最小–最大值缩放"},
    "inside.per_channel.help": {
        "en": "Off: one scale for the whole layer, so weak channels look dark.",
        "zh": "关闭：整层使用同一标尺，激活弱的通道会显得较暗。",
    },
    "inside.maps.caption": {
        "en": "{layer}: channels {shown} of {c} (page {page} of {pages}), sorted by {sort}",
        "zh": "{layer}：显示 {c} 个通道中的 {shown} 个（第 {page} 页，共 {pages} 页），按{sort}排序",
    },
    # filters
    "inside.filters.none": {"en": "This model has no 2-D convolution.", "zh": "这个模型没有二维卷积。"},
    "inside.filters.conv": {"en": "Convolution", "zh": "卷积层"},
    "inside.filters.rgb": {
        "en": "{conv}: {shown} of {n} filters, {kh}×{kw}, each shown as a colour image (its three input channels as red, "
        "green, blue), scaled to its own range",
        "zh": "{conv}：{n} 个滤波器中的 {shown} 个，{kh}×{kw}，每个显示为一张彩色图像（三个输入通道分别作为红、绿、蓝），"
        "按各自的取值范围缩放",
    },
    "inside.filters.out": {"en": "Filter (output channel)", "zh": "滤波器（输出通道）"},
    "inside.filters.kernels": {
        "en": "{conv}, filter {o}: its {kh}×{kw} kernel on {shown} of {n} input channels (blue negative, red positive, "
        "one scale for the filter)",
        "zh": "{conv}，滤波器 {o}：它在 {n} 个输入通道中 {shown} 个上的 {kh}×{kw} 卷积核（蓝为负，红为正，整个滤波器使用同一标尺）",
    },
    # receptive field
    "inside.rf.channel": {"en": "Channel", "zh": "通道"},
    "inside.rf.row": {"en": "Row i", "zh": "行 i"},
    "inside.rf.column": {"en": "Column j", "zh": "列 j"},
    "inside.rf.picker": {"en": "channel {c}: click a unit", "zh": "通道 {c}：点击一个单元"},
    "inside.rf.all": {"en": "Effective field of all channels at (i, j)", "zh": "(i, j) 处所有通道的有效感受野"},
    "inside.rf.all.help": {
        "en": "Off: the gradient of the one unit (channel, i, j). On: of the sum over the layer's channels at (i, j).",
        "zh": "关闭：单个单元（通道, i, j）的梯度。开启：该层在 (i, j) 处所有通道之和的梯度。",
    },
    "inside.rf.undefined": {
        "en": "This layer's receptive field is not defined (the analysis could not follow the spatial layout).",
        "zh": "这一层的感受野没有定义（分析无法跟踪其空间布局）。",
    },
    "inside.rf.theoretical": {
        "en": "Theoretical receptive field of unit ({i}, {j}): rows {top}…{bottom}, columns {left}…{right} ({rh}×{rw} px)",
        "zh": "单元 ({i}, {j}) 的理论感受野：第 {top}…{bottom} 行，第 {left}…{right} 列（{rh}×{rw} 像素）",
    },
    "inside.rf.clipped": {"en": ", clipped to the image (the rest is zero padding)", "zh": "，已裁剪到图像范围内（其余部分是零填充）"},
    "inside.rf.dead": {
        "en": "This unit is 0 here (switched off by a ReLU), so no input pixel changes it: pick another unit or turn on all channels.",
        "zh": "这个单元在此处为 0（被 ReLU 关闭），因此没有输入像素能改变它：请换一个单元，或打开“所有通道”。",
    },
    "inside.rf.effective": {
        "en": "Effective receptive field: |∂unit/∂pixel| (bright = the pixel moves the unit most); the cyan box is the theoretical field",
        "zh": "有效感受野：|∂单元/∂像素|（越亮 = 该像素对单元的影响越大）；青色框是理论感受野",
    },
    # saliency
    "inside.saliency.class": {"en": "Class to explain", "zh": "要解释的类别"},
    "inside.saliency.layer": {"en": "Grad-CAM layer", "zh": "Grad-CAM 层"},
    "inside.saliency.layer.help": {
        "en": "Default: {layer}, the last layer that still has a spatial layout.",
        "zh": "默认：{layer}，最后一个仍保留空间布局的层。",
    },
    "inside.saliency.input": {"en": "the model's input", "zh": "模型的输入"},
    "inside.saliency.gradcam": {
        "en": "Grad-CAM for '{cls}' at {layer} ({h}×{w} map, upsampled)",
        "zh": "“{cls}” 在 {layer} 处的 Grad-CAM（{h}×{w} 的图，已上采样）",
    },
    "inside.saliency.gradient": {
        "en": "Gradient saliency: max over colours of |∂score/∂pixel|",
        "zh": "梯度显著性图：各颜色通道上 |∂得分/∂像素| 的最大值",
    },
    "inside.top5": {"en": "Top-5 predictions", "zh": "Top-5 预测"},
    "inside.top5.random": {
        "en": "Random weights predict nothing yet: load a torchvision checkpoint or a trained run to see real predictions. "
        "(The largest output now is '{cls}', by chance.)",
        "zh": "随机权重还预测不了任何东西：加载 torchvision 检查点或训练运行的权重才能看到真正的预测。"
        "（现在最大的输出是 “{cls}”，纯属偶然。）",
    },
    "inside.class_n": {"en": "class {i}", "zh": "类别 {i}"},
    # weights
    "inside.weights.histogram": {"en": "Histogram of layer", "zh": "查看直方图的层"},
    "inside.weights.histogram.title": {"en": "{layer}: {n} weights", "zh": "{layer}：{n} 个权重"},
    # --- the sidebar: weights -----------------------------------------------------------------
    "inside.weights.label": {"en": "Weights", "zh": "权重"},
    "inside.weights.random": {"en": "Random (seed)", "zh": "随机（种子）"},
    "inside.weights.run": {"en": "Trained run", "zh": "训练运行"},
    "inside.weights.checkpoint": {"en": "torchvision checkpoint", "zh": "torchvision 检查点"},
    "inside.seed": {"en": "Seed", "zh": "随机种子"},
    "inside.seed.help": {
        "en": "The architecture's own initialisation, drawn from this seed: same seed, same weights.",
        "zh": "使用该架构自身的初始化方法，由这个种子生成：种子相同，权重就相同。",
    },
    "inside.label.random": {"en": "random initialisation, seed {seed}", "zh": "随机初始化，种子 {seed}"},
    "inside.label.run": {"en": "run {run} ({file})", "zh": "训练运行 {run}（{file}）"},
    "inside.label.torchvision": {"en": "torchvision's {file}", "zh": "torchvision 的 {file}"},
    "inside.weights_in": {"en": "The weights in '{name}'", "zh": "“{name}” 中的权重"},
    "inside.run": {"en": "Run", "zh": "训练运行"},
    "inside.run.none": {
        "en": "No trained runs yet: train a model on the Train page, then come back.",
        "zh": "还没有训练运行：先在训练页面训练一个模型，再回到这里。",
    },
    "inside.run.no_weights": {
        "en": "Run {run} has no weights/final.pt or weights/best.pt yet (status: {status}).",
        "zh": "训练运行 {run} 还没有 weights/final.pt 或 weights/best.pt（状态：{status}）。",
    },
    "inside.run.status_unknown": {"en": "unknown", "zh": "未知"},
    "inside.run.file": {"en": "Weights file", "zh": "权重文件"},
    "inside.run.file.best": {"en": "best (validation)", "zh": "最佳（验证集）"},
    "inside.run.file.final": {"en": "final epoch", "zh": "最后一轮"},
    "inside.ckpt.label": {"en": "Checkpoint", "zh": "检查点"},
    "inside.ckpt.download": {"en": "Download official", "zh": "下载官方权重"},
    "inside.ckpt.upload": {"en": "Upload a file", "zh": "上传文件"},
    "inside.ckpt.path": {"en": "A file on this server", "zh": "服务器上的文件"},
    "inside.ckpt.none": {
        "en": "torchvision publishes no weights for {arch}: give a state_dict file saved from this model.",
        "zh": "torchvision 没有发布 {arch} 的权重：请提供从这个模型保存的 state_dict 文件。",
    },
    "inside.ckpt.cached": {"en": "In the server's checkpoint cache: `{file}`", "zh": "已在服务器的检查点缓存中：`{file}`"},
    "inside.ckpt.upload_file": {"en": "State_dict file (.pth, .pt)", "zh": "state_dict 文件（.pth、.pt）"},
    "inside.ckpt.upload_file.help": {
        "en": "Files up to the server's upload limit (200 MB); larger ones (VGG: 528 MB) can be put in the server's "
        "weights folder by its operator.",
        "zh": "文件不能超过服务器的上传上限（200 MB）；更大的文件（VGG：528 MB）可以由管理员放进服务器的权重文件夹。",
    },
    "inside.ckpt.path_input": {
        "en": "Name of a .pth file in the server's weights folder",
        "zh": "服务器权重文件夹中 .pth 文件的名称",
    },
    "inside.download.button": {"en": "Download {file}", "zh": "下载 {file}"},
    "inside.download.button.help": {
        "en": "Once, into the torch hub cache; the SHA-256 is checked.",
        "zh": "只下载一次，存入 torch hub 缓存；会校验 SHA-256。",
    },
    "inside.download.from": {"en": "From {url} into the server's checkpoint cache.", "zh": "从 {url} 下载到服务器的检查点缓存。"},
    "inside.download.progress": {"en": "Downloading: {done} MB", "zh": "正在下载：{done} MB"},
    "inside.download.progress_of": {"en": "Downloading: {done} of {total} MB", "zh": "正在下载：{done} / {total} MB"},
    "inside.download.eta": {"en": "about {seconds} s left", "zh": "大约还剩 {seconds} 秒"},
    # --- the sidebar: image -------------------------------------------------------------------
    "inside.image.label": {"en": "Image", "zh": "图像"},
    "inside.image.sample": {"en": "Sample photo", "zh": "示例照片"},
    "inside.image.upload": {"en": "Upload", "zh": "上传"},
    "inside.image.camera": {"en": "Camera", "zh": "摄像头"},
    "inside.image.sample_photo": {"en": "Sample photo", "zh": "示例照片"},
    "inside.image.upload_file": {"en": "Photo (PNG, JPEG, WebP, BMP, GIF)", "zh": "照片（PNG、JPEG、WebP、BMP、GIF）"},
    "inside.image.take": {"en": "Take a photo", "zh": "拍一张照片"},
    # --- spinners -----------------------------------------------------------------------------
    "inside.spinner.model": {"en": "Building the model and loading its weights…", "zh": "正在构建模型并加载权重…"},
    "inside.spinner.saliency": {"en": "Computing Grad-CAM and gradients…", "zh": "正在计算 Grad-CAM 和梯度…"},
    "inside.spinner.erf": {"en": "Back-propagating from the unit…", "zh": "正在从该单元反向传播…"},
    "inside.spinner.weights": {"en": "Summarising the weights…", "zh": "正在汇总权重…"},
    # --- the server's files (ui/inside.py: the operator's weights folder, downloads, runs from links) -----
    "inside.ckpt.downloads_off": {
        "en": "Downloading torchvision's official weights is turned off on this server: upload a file instead.",
        "zh": "这台服务器关闭了下载 torchvision 官方权重的功能：请改为上传文件。",
    },
    "inside.ckpt.server_empty": {
        "en": "The server's weights folder holds no .pt or .pth file yet.",
        "zh": "服务器的权重文件夹中还没有 .pt 或 .pth 文件。",
    },
    "inside.ckpt.server_pick": {"en": "File in the server's weights folder", "zh": "服务器权重文件夹中的文件"},
    "inside.ckpt.server_pick.help": {
        "en": "The files the operator put in the server's weights folder (a .pt or .pth state_dict).",
        "zh": "管理员放进服务器权重文件夹的文件（.pt 或 .pth 格式的 state_dict）。",
    },
    "inside.run.pick": {"en": "Pick a run", "zh": "选择一次训练运行"},
    # --- queue: a trained run opened on its own validation images (ui/inside.py) ---
    "inside.image.validation": {"en": "The run's images", "zh": "该运行的图像"},
    "inside.image.validation_pick": {"en": "Validation image", "zh": "验证图像"},
    "inside.image.validation_item": {
        "en": "{n}: a {true}, predicted {pred} ({confidence})",
        "zh": "{n}：{true}，预测为 {pred}（{confidence}）",
    },
}
