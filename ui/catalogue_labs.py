"""The catalogue's entries for the Learn page and its labs (the rest: catalogue.py).

Book files are cited as the course cites them: 000 (Ferlitsch ch. 3), 001
(Elgendy ch. 5), 002 (Swift for TensorFlow ch. 6), 003 (Deep Learning with
Azure ch. 6), 004 (深度残差网络 ch. 5). Numbers that depend on a control are
placeholders; fixed book numbers are written out, and ``tests/test_labs.py``
checks them against the computations.
"""

STRINGS: dict[str, dict[str, str]] = {
    # --- the page ---------------------------------------------------------------------------
    "learn.sidebar": {"en": "Labs", "zh": "实验"},
    "learn.choose": {"en": "Lab", "zh": "实验"},
    "learn.present": {"en": "Present", "zh": "演示模式"},
    "learn.present.help": {
        "en": "Large type, no sidebar, one step per screen; ← and → step, Esc leaves.",
        "zh": "大字号、隐藏侧边栏、每屏一步；← 和 → 翻页，Esc 退出。",
    },
    "learn.prev": {"en": "◀ Previous", "zh": "◀ 上一步"},
    "learn.next": {"en": "Next ▶", "zh": "下一步 ▶"},
    "learn.exit": {"en": "Exit", "zh": "退出"},
    "learn.step_of": {"en": "step {i} of {n}", "zh": "第 {i} 步，共 {n} 步"},
    "learn.step_title": {"en": "Step {i} · {title}", "zh": "第 {i} 步 · {title}"},
    "learn.window.prev": {"en": "◀ Previous window", "zh": "◀ 上一个窗口"},
    "learn.window.next": {"en": "Next window ▶", "zh": "下一个窗口 ▶"},
    "learn.col.example": {"en": "Example", "zh": "例子"},
    "learn.col.source": {"en": "Book", "zh": "教材"},
    "learn.col.formula": {"en": "Formula with its numbers", "zh": "代入数字的公式"},
    "learn.col.book": {"en": "The book prints", "zh": "教材所印"},
    "learn.col.check": {"en": "Check", "zh": "核对"},
    "learn.erratum": {"en": "erratum", "zh": "勘误"},
    # --- 1. convolution ---------------------------------------------------------------------
    "lab.conv.title": {"en": "Convolution step by step", "zh": "一步一步做卷积"},
    "lab.conv.intro": {
        "en": "A kernel slides over an image; at every position it multiplies the pixels under it by its weights and adds "
        "the products up: one number of the output (feature) map. Books 003 and 002.",
        "zh": "卷积核在图像上滑动；在每个位置，它把覆盖的像素与自身权重逐一相乘再求和，得到输出特征图中的一个数。教材 003 与 002。",
    },
    "lab.conv.s1": {"en": "The image and the kernel", "zh": "图像与卷积核"},
    "lab.conv.s1.text": {
        "en": "A 5×5 binary image (pixels 0 or 1) and a 3×3 kernel. The book's kernel detects a diagonal: flattened, "
        "it is [1,0,0,0,1,0,0,0,1]. Try the other kernels too.",
        "zh": "一幅 5×5 的二值图像（像素为 0 或 1）和一个 3×3 卷积核。教材中的卷积核用来检测对角线：按行展开为 "
        "[1,0,0,0,1,0,0,0,1]。也可以试试其他卷积核。",
    },
    "lab.conv.kernel": {"en": "Kernel", "zh": "卷积核"},
    "lab.conv.kernel.diagonal": {"en": "diagonal (book)", "zh": "对角线（教材）"},
    "lab.conv.kernel.anti_diagonal": {"en": "anti-diagonal", "zh": "反对角线"},
    "lab.conv.kernel.vertical": {"en": "vertical edge", "zh": "竖直边缘"},
    "lab.conv.kernel.horizontal": {"en": "horizontal edge", "zh": "水平边缘"},
    "lab.conv.fig.image": {"en": "Image", "zh": "图像"},
    "lab.conv.fig.padded": {"en": "Image with zero padding", "zh": "补零后的图像"},
    "lab.conv.fig.kernel": {"en": "Kernel", "zh": "卷积核"},
    "lab.conv.fig.output": {"en": "Output", "zh": "输出"},
    "lab.conv.illustrative": {
        "en": "Only the top-left 3×3 patch, [1,1,1,0,1,1,0,1,1], is printed in the book (003); its figure with the other "
        "16 pixels is missing from the source, so the faded pixels are illustrative.",
        "zh": "教材（003）只印出了左上角 3×3 的块 [1,1,1,0,1,1,0,1,1]；含其余 16 个像素的插图在原文中缺失，"
        "所以淡色的像素只是示意。",
    },
    "lab.conv.edited": {"en": "Your own image (edited).", "zh": "你自己编辑的图像。"},
    "lab.conv.edit": {"en": "Edit the image (tick = 1)", "zh": "编辑图像（勾选 = 1）"},
    "lab.conv.reset_image": {"en": "Back to the book's image", "zh": "恢复教材中的图像"},
    "lab.conv.s2": {"en": "Slide the window: multiply and add", "zh": "滑动窗口：相乘再相加"},
    "lab.conv.s2.text": {
        "en": "Step the window with the buttons (or the keys N and P). **Stride** is how far it moves, **padding** adds "
        "rows and columns of zeros around the image, **dilation** spreads the kernel's taps apart.",
        "zh": "用按钮（或按键 N 和 P）移动窗口。**步幅**是每次移动的距离，**填充**在图像四周补上几行几列 0，"
        "**膨胀**把卷积核的采样点拉开。",
    },
    "lab.conv.stride": {"en": "Stride s", "zh": "步幅 s"},
    "lab.conv.padding": {"en": "Padding p", "zh": "填充 p"},
    "lab.conv.dilation": {"en": "Dilation d", "zh": "膨胀 d"},
    "lab.conv.pos": {"en": "Window", "zh": "窗口"},
    "lab.conv.window": {
        "en": "Window {i} of {n} computes output cell (row {r}, column {c}): the products of the pixels under the kernel "
        "and the kernel's weights, added up.",
        "zh": "第 {i} 个窗口（共 {n} 个）计算输出的第 {r} 行第 {c} 列：卷积核覆盖的像素与权重的乘积之和。",
    },
    "lab.conv.book_three": {
        "en": "= {value}: the top-left value of the feature map, as the book (003) prints it.",
        "zh": "= {value}：特征图左上角的值，与教材（003）一致。",
    },
    "lab.conv.s3": {"en": "The output size", "zh": "输出尺寸"},
    "lab.conv.s3.text": {
        "en": "How many windows fit? Book 002's Eq. 6.1, with ⌊·⌋ (round down) as PyTorch computes it:",
        "zh": "能放下多少个窗口？教材 002 的公式 6.1，按 PyTorch 的做法向下取整 ⌊·⌋：",
    },
    "lab.conv.s3.values": {
        "en": "Here i = 5 and f = 3, with the stride, padding and dilation of step 2: s = {s}, p = {p}, d = {d}.",
        "zh": "这里 i = 5、f = 3，步幅、填充和膨胀取第 2 步的值：s = {s}，p = {p}，d = {d}。",
    },
    "lab.conv.out_size": {"en": "Output", "zh": "输出"},
    "lab.conv.s3.symbols": {
        "en": "*i* input size, *f* kernel size, *s* stride, *p* padding on each side, *d* dilation. A dilated kernel "
        "spans d·(f − 1) + 1 pixels. Use the kernel size of the same axis for the height and for the width.",
        "zh": "*i* 输入尺寸，*f* 卷积核尺寸，*s* 步幅，*p* 每侧的填充，*d* 膨胀率。膨胀后的卷积核跨越 d·(f − 1) + 1 个像素。"
        "计算高和宽时要用同一方向上的卷积核尺寸。",
    },
    "lab.conv.s4": {"en": "The books' size examples", "zh": "教材中的尺寸例题"},
    "lab.conv.s4.text": {
        "en": "Every output size the books work out, through the same formula (002 Eq. 6.1; for the transposed "
        "convolution Eq. 6.3, o = s·(i − 1) + f − 2p).",
        "zh": "教材算过的每一个输出尺寸，都用同一个公式（002 式 6.1；转置卷积用式 6.3，o = s·(i − 1) + f − 2p）。",
    },
    "lab.conv.ex.mnist": {"en": "MNIST image 28×28, 5×5 filter", "zh": "MNIST 图像 28×28，5×5 卷积核"},
    "lab.conv.ex.audio": {"en": "Audio, 16,384 samples, f = 16, s = 4, p = 6", "zh": "音频 16,384 个采样，f = 16，s = 4，p = 6"},
    "lab.conv.ex.encoder": {"en": "Encoder: 4×4, stride 2, padding 1 on 1024", "zh": "编码器：4×4、步幅 2、填充 1，作用于 1024"},
    "lab.conv.ex.decoder": {"en": "Decoder: the same, transposed, on 512", "zh": "解码器：同样设置的转置卷积，作用于 512"},
    "lab.conv.ex.transposed_128": {"en": "Transposed 6×6, stride 2, padding 1 on 128", "zh": "转置卷积 6×6、步幅 2、填充 1，作用于 128"},
    "lab.conv.ex.transposed_128.why": {
        "en": "Book 002 says 128×128×3 becomes 256×256×1, but its own Eq. 6.3 gives 2·(128 − 1) + 6 − 2·1 = 258 "
        "(PyTorch's ConvTranspose2d(3, 1, 6, stride=2, padding=1) gives 258 too). 256 needs f = 4, p = 1 or f = 6, p = 2.",
        "zh": "教材 002 说 128×128×3 变为 256×256×1，但按它自己的式 6.3：2·(128 − 1) + 6 − 2·1 = 258"
        "（PyTorch 的 ConvTranspose2d(3, 1, 6, stride=2, padding=1) 也得到 258）。要得到 256 需 f = 4、p = 1 或 f = 6、p = 2。",
    },
    "lab.conv.ex.alexnet_conv1": {"en": "AlexNet CONV1: 227, 11×11, stride 4", "zh": "AlexNet CONV1：227，11×11，步幅 4"},
    "lab.conv.ex.alexnet_pool1": {"en": "AlexNet POOL1: 55, 3×3, stride 2", "zh": "AlexNet POOL1：55，3×3，步幅 2"},
    "lab.conv.calc": {"en": "Try your own", "zh": "自己试一试"},
    "lab.conv.ci": {"en": "Input i", "zh": "输入 i"},
    "lab.conv.cf": {"en": "Kernel f", "zh": "卷积核 f"},
    "lab.conv.cs": {"en": "Stride s", "zh": "步幅 s"},
    "lab.conv.cp": {"en": "Padding p", "zh": "填充 p"},
    "lab.conv.cd": {"en": "Dilation d", "zh": "膨胀 d"},
    "lab.conv.ct": {"en": "Transposed", "zh": "转置卷积"},
    "lab.conv.calc.empty": {
        "en": "No window fits: the kernel is larger than the padded input. Add padding or use a smaller kernel or dilation.",
        "zh": "放不下任何窗口：卷积核比补零后的输入还大。请增加填充，或减小卷积核或膨胀率。",
    },
    "lab.conv.calc.no_dilation": {
        "en": "Book 002's Eq. 6.3 has no dilation term; the transposed size above ignores d.",
        "zh": "教材 002 的式 6.3 不含膨胀项；上面的转置卷积尺寸未考虑 d。",
    },
    # --- 2. 1×1 convolution -----------------------------------------------------------------
    "lab.pointwise.title": {"en": "The 1×1 convolution", "zh": "1×1 卷积"},
    "lab.pointwise.intro": {
        "en": "A 1×1 convolution keeps the height and width and changes the depth: it scales one channel, mixes many "
        "channels, and reduces and restores depth around a costly layer (book 004 §5.2.2, book 001 §5.5).",
        "zh": "1×1 卷积保持高和宽不变，只改变深度：对单个通道是缩放，对多个通道是线性组合，"
        "还能在昂贵的层前后降低和恢复深度（教材 004 §5.2.2，教材 001 §5.5）。",
    },
    "lab.pointwise.s1": {"en": "The book's 6×6 matrix times 3", "zh": "教材中的 6×6 矩阵乘以 3"},
    "lab.pointwise.s1.text": {
        "en": "Book 004's 6×6×1 input (Fig 5-6) and a 1×1×1 kernel of weight {w} (the book's weight is 3). Every pixel "
        "is multiplied by the weight; the output is still 6×6×1.",
        "zh": "教材 004 的 6×6×1 输入（图 5-6）和权重为 {w} 的 1×1×1 卷积核（教材中的权重是 3）。每个像素都乘以该权重；"
        "输出仍是 6×6×1。",
    },
    "lab.pointwise.weight": {"en": "Kernel weight", "zh": "卷积核权重"},
    "lab.pointwise.fig.input": {"en": "Input 6×6×1", "zh": "输入 6×6×1"},
    "lab.pointwise.fig.kernel": {"en": "1×1 kernel", "zh": "1×1 卷积核"},
    "lab.pointwise.fig.output": {"en": "Output 6×6×1", "zh": "输出 6×6×1"},
    "lab.pointwise.first_row": {"en": "First row of the output: **{row}**", "zh": "输出的第一行：**{row}**"},
    "lab.pointwise.book": {
        "en": "The book's output starts \"3 6 9 …\": the first row is 3 6 9 18 15 24.",
        "zh": "教材中的输出以“3 6 9 ……”开头：第一行是 3 6 9 18 15 24。",
    },
    "lab.pointwise.s2": {"en": "Mixing channels: {c_in} → {c_out}", "zh": "通道混合：{c_in} → {c_out}"},
    "lab.pointwise.s2.text": {
        "en": "On many channels a 1×1 kernel is a weighted sum across the channels at each pixel: with {c_out} such "
        "kernels, {c_in} feature maps become {c_out}, the map size unchanged (book 004, Example 5-2: 64 → 28).",
        "zh": "对多通道输入，1×1 卷积核在每个像素上对各通道加权求和：用 {c_out} 个这样的卷积核，{c_in} 个特征图变为 {c_out} 个，"
        "尺寸不变（教材 004 例 5-2：64 → 28）。",
    },
    "lab.pointwise.c_in": {"en": "Input channels", "zh": "输入通道"},
    "lab.pointwise.c_out": {"en": "Output channels (kernels)", "zh": "输出通道（卷积核个数）"},
    "lab.pointwise.shape": {"en": "Shape (56×56 map)", "zh": "形状（56×56 特征图）"},
    "lab.pointwise.params": {"en": "Parameters", "zh": "参数量"},
    "lab.pointwise.macs": {"en": "Multiplications", "zh": "乘法次数"},
    "lab.pointwise.per_pixel": {"en": "One output value at one pixel:", "zh": "某个像素上的一个输出值："},
    "lab.pointwise.book_mixing": {
        "en": "Book 004: \"a 3×3×64 kernel followed by a 1×1×28 kernel becomes 3×3×28\": the 64 channels are linearly "
        "combined into 28.",
        "zh": "教材 004：“3×3×64 的卷积核后接 1×1×28 的卷积核，就变成 3×3×28”：64 个通道被线性组合成 28 个。",
    },
    "lab.pointwise.s3": {"en": "Reduce and restore around a 3×3", "zh": "在 3×3 前后降维与升维"},
    "lab.pointwise.s3.text": {
        "en": "A 3×3 convolution on {c} channels is expensive. A 1×1 first reduces the depth ({c} → {m}), the 3×3 works "
        "on {m} channels, and a 1×1 restores {c}: the bottleneck (book 004 Fig 5-7 and ResNet-50's block: 256 → 64 → "
        "256). Weights only, no bias; multiplications on a 56×56 map.",
        "zh": "在 {c} 个通道上做 3×3 卷积很昂贵。先用 1×1 把深度降下来（{c} → {m}），3×3 只在 {m} 个通道上计算，"
        "再用 1×1 恢复到 {c}：这就是瓶颈结构（教材 004 图 5-7 与 ResNet-50 的残差块：256 → 64 → 256）。只计权重，不含偏置；"
        "乘法次数按 56×56 的特征图计算。",
    },
    "lab.pointwise.c": {"en": "Channels C", "zh": "通道数 C"},
    "lab.pointwise.mid": {"en": "Reduced to M", "zh": "降到 M"},
    "lab.pointwise.col.path": {"en": "Path", "zh": "路径"},
    "lab.pointwise.col.layer": {"en": "Layer", "zh": "层"},
    "lab.pointwise.col.channels": {"en": "Channels", "zh": "通道"},
    "lab.pointwise.col.weights": {"en": "Weights", "zh": "权重数"},
    "lab.pointwise.col.macs": {"en": "Multiplications", "zh": "乘法次数"},
    "lab.pointwise.direct": {"en": "3×3 directly", "zh": "直接 3×3"},
    "lab.pointwise.bottleneck": {"en": "1×1 → 3×3 → 1×1", "zh": "1×1 → 3×3 → 1×1"},
    "lab.pointwise.fig.weights": {"en": "Weights of the two paths", "zh": "两条路径的权重数"},
    "lab.pointwise.saving": {
        "en": "The bottleneck needs {bottleneck} weights instead of {direct}: **{saving} fewer**.",
        "zh": "瓶颈结构只需 {bottleneck} 个权重，而不是 {direct} 个：**少了 {saving}**。",
    },
    # --- 3. pooling -------------------------------------------------------------------------
    "lab.pool.title": {"en": "Pooling", "zh": "池化"},
    "lab.pool.intro": {
        "en": "Pooling summarises each window of a feature map by one number — its maximum or its average — with no "
        "parameters to learn (book 000 §3.1.4, book 002 §6.1.3, book 003).",
        "zh": "池化用一个数——最大值或平均值——概括特征图的每个窗口，没有需要学习的参数（教材 000 §3.1.4、002 §6.1.3、003）。",
    },
    "lab.pool.s1": {"en": "Max against average on the same patch", "zh": "同一块区域上的最大池化与平均池化"},
    "lab.pool.s1.text": {
        "en": "The same window, two summaries: max pooling keeps the strongest response, average pooling the mean. "
        "Step the window with the buttons (or N and P).",
        "zh": "同一个窗口，两种概括：最大池化保留最强的响应，平均池化取平均。用按钮（或 N 和 P）移动窗口。",
    },
    "lab.pool.k": {"en": "Window f×f", "zh": "窗口 f×f"},
    "lab.pool.s": {"en": "Stride s", "zh": "步幅 s"},
    "lab.pool.pos": {"en": "Window", "zh": "窗口"},
    "lab.pool.fig.map": {"en": "Feature map", "zh": "特征图"},
    "lab.pool.fig.max": {"en": "Max pooling", "zh": "最大池化"},
    "lab.pool.fig.avg": {"en": "Average pooling", "zh": "平均池化"},
    "lab.pool.illustrative": {
        "en": "The 4×4 map is illustrative: the books' pooling figures are missing from the source.",
        "zh": "这个 4×4 特征图只是示意：教材中的池化插图在原文中缺失。",
    },
    "lab.pool.s2": {"en": "{k}×{k} with stride {s} removes {removed}", "zh": "{k}×{k}、步幅 {s} 去掉 {removed}"},
    "lab.pool.s2.text": {
        "en": "Book 000: \"a 2×2 pool with stride 2 reduces the pixel data by 75 %\". The size follows book 002's Eq. 6.2; "
        "the depth does not change. Book 000's walk-through: 16 maps of 64×64 = 65,536 values become 16 × 32 × 32 = 16,384.",
        "zh": "教材 000：“步幅为 2 的 2×2 池化使像素数据减少 75 %”。尺寸按教材 002 的式 6.2 计算；深度不变。"
        "教材 000 的例子：16 个 64×64 的特征图共 65,536 个值，池化后为 16 × 32 × 32 = 16,384 个。",
    },
    "lab.pool.s2.values": {"en": "Window f = {k}, stride s = {s} (from step 1), no padding:", "zh": "窗口 f = {k}，步幅 s = {s}（取自第 1 步），不填充："},
    "lab.pool.i": {"en": "Map size i", "zh": "特征图尺寸 i"},
    "lab.pool.channels": {"en": "Maps (depth)", "zh": "特征图个数（深度）"},
    "lab.pool.values_in": {"en": "Values in", "zh": "输入值个数"},
    "lab.pool.values_out": {"en": "Values out", "zh": "输出值个数"},
    "lab.pool.removed": {"en": "Removed", "zh": "去掉"},
    "lab.pool.book_75": {"en": "75 % removed, as book 000 says: one value in four is kept.", "zh": "去掉 75 %，与教材 000 一致：四个值中只保留一个。"},
    "lab.pool.s3": {"en": "What pooling keeps", "zh": "池化保留了什么"},
    "lab.pool.s3.text": {
        "en": "- **No parameters**: pooling is a fixed rule; book 000 calls it *pooling*, against the learned *feature "
        "pooling* of a strided convolution.\n- **Depth unchanged**: each map is pooled on its own (book 002).\n"
        "- **Small shifts do not matter**: max pooling cares whether a feature is present in the window, not exactly "
        "where (book 003: local translation invariance).\n- Gradients still flow through it: to the maximum's position "
        "for max pooling, a quarter each for 2×2 average pooling. Book 002's \"pooling is a constant function and not "
        "differentiable\" reads, in the translation, as if no gradient passed; what it means is that pooling has no "
        "learnable parameters, so there is nothing in it for the gradient to update.",
        "zh": "- **没有参数**：池化是固定的规则；教材 000 称之为*池化*，与带步幅卷积学得的*特征池化*相对。\n"
        "- **深度不变**：每个特征图各自池化（教材 002）。\n"
        "- **小的平移无关紧要**：最大池化只关心窗口中是否出现了某个特征，而不在乎它的确切位置（教材 003：局部平移不变性）。\n"
        "- 梯度仍然能穿过池化层：最大池化传给最大值所在位置，2×2 平均池化每个位置传四分之一"
        "。教材 002 说池化“是常数函数，不可微”：译文读起来像是梯度无法通过，其本意是池化没有可学习的参数，"
        "梯度在这一层没有需要更新的东西。",
    },
    # --- 4. dense against convolution -------------------------------------------------------
    "lab.dense.title": {"en": "Why convolution instead of dense layers", "zh": "为什么用卷积而不用全连接层"},
    "lab.dense.intro": {
        "en": "A dense layer connects every pixel to every unit: its weights grow with the image. A convolution reuses "
        "one small kernel everywhere: its weights do not depend on the image size (books 000 §3.1 and 002 §6.1).",
        "zh": "全连接层把每个像素连到每个神经元：权重数随图像增大而增长。卷积在所有位置重复使用一个小卷积核："
        "权重数与图像尺寸无关（教材 000 §3.1 与 002 §6.1）。",
    },
    "lab.dense.s1": {"en": "The books' numbers", "zh": "教材中的数字"},
    "lab.dense.s1.text": {
        "en": "The first dense layer's parameters for images of growing size (002 counts weights and biases, "
        "m·n + n; 000 counts weights only).",
        "zh": "随着图像增大，第一个全连接层的参数量（002 计权重和偏置 m·n + n；000 只计权重）。",
    },
    "lab.dense.ex.cifar": {"en": "32×32×3 image (3,072 features) → 1,024 units", "zh": "32×32×3 图像（3,072 个特征）→ 1,024 个神经元"},
    "lab.dense.ex.imagenet": {"en": "224×224×3 image → 1,024 units", "zh": "224×224×3 图像 → 1,024 个神经元"},
    "lab.dense.ex.megabyte": {"en": "1 MB image (1 million pixels) → 1,024 nodes", "zh": "1 MB 图像（一百万像素）→ 1,024 个节点"},
    "lab.dense.ex.mnist": {"en": "MNIST 784 pixels → 512 nodes", "zh": "MNIST 784 个像素 → 512 个节点"},
    "lab.dense.billion": {"en": "1 MB image into 1,024 nodes: weights", "zh": "1 MB 图像接 1,024 个节点：权重数"},
    "lab.dense.s2": {"en": "Your image: dense against convolution", "zh": "你的图像：全连接对比卷积"},
    "lab.dense.s2.text": {
        "en": "Change the image and the layers. The dense layer's count follows H·W·C; the convolution's does not move.",
        "zh": "改变图像和层的设置。全连接层的参数随 H·W·C 变化；卷积层的参数保持不变。",
    },
    "lab.dense.h": {"en": "Height", "zh": "高"},
    "lab.dense.w": {"en": "Width", "zh": "宽"},
    "lab.dense.c": {"en": "Channels", "zh": "通道"},
    "lab.dense.units": {"en": "Dense units", "zh": "全连接神经元数"},
    "lab.dense.k": {"en": "Kernel k", "zh": "卷积核 k"},
    "lab.dense.filters": {"en": "Conv filters", "zh": "卷积核个数"},
    "lab.dense.dense_params": {"en": "Dense layer", "zh": "全连接层"},
    "lab.dense.conv_params": {"en": "Convolution", "zh": "卷积层"},
    "lab.dense.ratio": {"en": "Dense / convolution", "zh": "全连接 / 卷积"},
    "lab.dense.dense_formula": {"en": "Dense layer to {units} units:", "zh": "接 {units} 个神经元的全连接层："},
    "lab.dense.conv_formula": {"en": "{k}×{k} convolution with {filters} filters:", "zh": "{filters} 个 {k}×{k} 卷积核的卷积层："},
    "lab.dense.fig.sweep": {"en": "Parameters of the first layer as the image grows", "zh": "图像增大时第一层的参数量"},
    "lab.dense.fig.size": {"en": "Image side (pixels)", "zh": "图像边长（像素）"},
    "lab.dense.fig.params": {"en": "Parameters", "zh": "参数量"},
    "lab.dense.s3": {"en": "Why it works", "zh": "为什么可行"},
    "lab.dense.s3.text": {
        "en": "- **Sparse connectivity**: each output sees a small window (tens of pixels), not the whole image (003).\n"
        "- **Parameter sharing**: the same kernel is used at every position, so a feature learnt on the left is "
        "recognised on the right too (003, 002).\n- **Translation equivariance**: shift the input and the feature map "
        "shifts with it (002); a dense layer on flattened pixels must relearn a cat for every position (000 §3.1.2).",
        "zh": "- **稀疏连接**：每个输出只看一个小窗口（几十个像素），而不是整幅图像（003）。\n"
        "- **参数共享**：同一个卷积核在所有位置使用，在左边学到的特征在右边也能识别（003、002）。\n"
        "- **平移等变性**：输入平移，特征图随之平移（002）；而对展平像素的全连接层，猫每换一个位置就得重新学一遍（000 §3.1.2）。",
    },
    # --- 5. stacking 3×3 --------------------------------------------------------------------
    "lab.stack.title": {"en": "Stacking 3×3 convolutions", "zh": "堆叠 3×3 卷积"},
    "lab.stack.intro": {
        "en": "VGG uses only 3×3 kernels: stacked, they see as far as one large kernel, with fewer weights and more "
        "non-linearities (book 001 §5.4, book 004).",
        "zh": "VGG 只用 3×3 卷积核：堆叠起来，它们的视野与一个大卷积核相同，但权重更少、非线性更多"
        "（教材 001 §5.4，教材 004）。",
    },
    "lab.stack.s1": {"en": "Receptive field {rfs}", "zh": "感受野 {rfs}"},
    "lab.stack.s1.text": {
        "en": "One unit at the top depends on 3 units of the layer below, which depend on 5 of the layer below them, and "
        "so on: n stacked 3×3 layers see (2n + 1)×(2n + 1); here {n} layers see {rf}×{rf}. Book 001: two see 5×5, "
        "three see 7×7.",
        "zh": "顶层的一个单元依赖下一层的 3 个单元，它们又依赖再下一层的 5 个单元，依此类推："
        "n 层 3×3 的视野是 (2n + 1)×(2n + 1)；这里 {n} 层的视野是 {rf}×{rf}。教材 001：两层是 5×5，三层是 7×7。",
    },
    "lab.stack.n": {"en": "Stacked 3×3 layers", "zh": "堆叠的 3×3 层数"},
    "lab.stack.fig.rf": {"en": "What one top unit sees", "zh": "顶层一个单元看到的范围"},
    "lab.stack.fig.input": {"en": "input", "zh": "输入"},
    "lab.stack.fig.layer": {"en": "layer {i}: sees {rf}", "zh": "第 {i} 层：看到 {rf}"},
    "lab.stack.rf": {"en": "Receptive field after each layer", "zh": "每层之后的感受野"},
    "lab.stack.size": {"en": "Input n×n", "zh": "输入 n×n"},
    "lab.stack.same_size": {
        "en": "Book 004: on a {n}×{n} input (stride 1, no padding) two 3×3 layers give {stacked}×{stacked} and one 5×5 "
        "gives {single}×{single}: both n − 4.",
        "zh": "教材 004：在 {n}×{n} 的输入上（步幅 1、不填充），两层 3×3 得到 {stacked}×{stacked}，一层 5×5 得到 "
        "{single}×{single}：都是 n − 4。",
    },
    "lab.stack.s2": {"en": "27C² against 49C²", "zh": "27C² 对比 49C²"},
    "lab.stack.s2.text": {
        "en": "With C channels in and out, n stacked 3×3 layers have n·9C² weights; one kernel with the same view has "
        "(2n + 1)²C². Move C: the ratios do not change.",
        "zh": "输入输出都是 C 个通道时，n 层 3×3 有 n·9C² 个权重；视野相同的单个卷积核有 (2n + 1)²C² 个。"
        "拖动 C：比值不变。",
    },
    "lab.stack.c": {"en": "Channels C", "zh": "通道数 C"},
    "lab.stack.col.stack": {"en": "Stack", "zh": "堆叠"},
    "lab.stack.col.weights": {"en": "Weights", "zh": "权重数"},
    "lab.stack.col.single": {"en": "One large kernel", "zh": "单个大卷积核"},
    "lab.stack.col.ratio": {"en": "Ratio", "zh": "比值"},
    "lab.stack.col.extra": {"en": "Large kernel needs", "zh": "大卷积核多用"},
    "lab.stack.n_3x3": {"en": "{n} × 3×3", "zh": "{n} 层 3×3"},
    "lab.stack.fig.weights": {"en": "Three 3×3 layers against one 7×7, C = {c}", "zh": "三层 3×3 对比一层 7×7，C = {c}"},
    "lab.stack.book": {
        "en": "Book 001: 3(3²C²) = 27C² against 7²C² = 49C², \"81 % more\". Book 004: 3×3×2/(5×5) = 0.72 and "
        "3×3×3/(7×7) = 0.55.",
        "zh": "教材 001：3(3²C²) = 27C²，对比 7²C² = 49C²，“多 81 %”。教材 004：3×3×2/(5×5) = 0.72，3×3×3/(7×7) = 0.55。",
    },
    "lab.stack.s3": {"en": "More non-linearities", "zh": "更多的非线性"},
    "lab.stack.s3.text": {
        "en": "Each 3×3 layer has its own ReLU: three layers put three non-linearities where one 7×7 puts one, which makes "
        "\"the decision function more discriminative\" (001). Note that 0.72 saves 28 %; \"nearly half\" (004) is the "
        "7×7 case, 0.55.",
        "zh": "每层 3×3 都有自己的 ReLU：三层有三个非线性，而一层 7×7 只有一个，这使“决策函数更具判别力”（001）。"
        "注意 0.72 只节省 28 %；“压缩了近一半”（004）指的是 7×7 的情形，即 0.55。",
    },
    # --- 6. Inception -----------------------------------------------------------------------
    "lab.inception.title": {"en": "Inception's cost", "zh": "Inception 的计算代价"},
    "lab.inception.intro": {
        "en": "Inception runs 1×1, 3×3 and 5×5 convolutions and a pool side by side and concatenates them: \"use them "
        "all\". Naively, it is very expensive; a 1×1 reduction first makes it affordable (book 001 §5.5).",
        "zh": "Inception 并排运行 1×1、3×3、5×5 卷积和池化，再把结果拼接起来：“全都用上”。朴素的做法代价极高；"
        "先用 1×1 降维就能负担得起（教材 001 §5.5）。",
    },
    "lab.inception.s1": {"en": "The naive module", "zh": "朴素的 Inception 模块"},
    "lab.inception.s1.text": {
        "en": "A 32×32×{c_in} input, a 1×1 ({f1} filters), a 3×3 ({f3}), a 5×5 ({f5}) and a 3×3 max pool, all with "
        "'same' padding so that the outputs can be stacked along the depth. Book 001's example: a 32×32×200 input "
        "with 64, 128 and 32 filters.",
        "zh": "32×32×{c_in} 的输入，1×1（{f1} 个卷积核）、3×3（{f3} 个）、5×5（{f5} 个）和 3×3 最大池化，"
        "都用 'same' 填充，使输出可以沿深度方向拼接。教材 001 的例子：32×32×200 的输入，卷积核个数为 64、128 和 32。",
    },
    "lab.inception.c_in": {"en": "Input depth", "zh": "输入深度"},
    "lab.inception.f1": {"en": "1×1 filters", "zh": "1×1 卷积核个数"},
    "lab.inception.f3": {"en": "3×3 filters", "zh": "3×3 卷积核个数"},
    "lab.inception.f5": {"en": "5×5 filters", "zh": "5×5 卷积核个数"},
    "lab.inception.col.branch": {"en": "Branch", "zh": "分支"},
    "lab.inception.col.output": {"en": "Output", "zh": "输出"},
    "lab.inception.col.params": {"en": "Parameters (with bias)", "zh": "参数量（含偏置）"},
    "lab.inception.col.mults": {"en": "Multiplications", "zh": "乘法次数"},
    "lab.inception.pool": {"en": "3×3 max pool", "zh": "3×3 最大池化"},
    "lab.inception.depth": {"en": "Output depth", "zh": "输出深度"},
    "lab.inception.params": {"en": "Parameters", "zh": "参数量"},
    "lab.inception.ex.naive_depth": {"en": "Depth of the naive module's output", "zh": "朴素模块输出的深度"},
    "lab.inception.ex.naive_depth.why": {
        "en": "Book 001 says the module outputs 32×32×256, counting the pool branch as 32 channels deep. A max pool keeps "
        "its input's depth: 200, so the concatenation is 64 + 128 + 32 + 200 = 424. The book's 256 needs a 32-filter "
        "1×1 convolution after the pool — which is exactly what the module with dimension reduction adds.",
        "zh": "教材 001 说模块输出 32×32×256，把池化分支算作 32 个通道。最大池化保持输入的深度：200，"
        "所以拼接后是 64 + 128 + 32 + 200 = 424。要得到教材的 256，需要在池化后接一个 32 个卷积核的 1×1 卷积——"
        "这正是带降维的模块所加的。",
    },
    "lab.inception.s2": {"en": "{naive} against {reduced} multiplications", "zh": "{naive} 次对比 {reduced} 次乘法"},
    "lab.inception.s2.text": {
        "en": "The 5×5 branch alone: each of the 32·32·{f5} output values needs 5·5·{c_in} multiplications. Put a 1×1 "
        "convolution to {r} channels in front, and the 5×5 works on {r} channels instead of {c_in}.",
        "zh": "仅 5×5 分支：32·32·{f5} 个输出值中的每一个都需要 5·5·{c_in} 次乘法。在前面加一个把通道降到 {r} 的 1×1 卷积，"
        "5×5 就只需在 {r} 个通道上计算，而不是 {c_in} 个。",
    },
    "lab.inception.r5": {"en": "1×1 reduction to R channels", "zh": "1×1 降到 R 个通道"},
    "lab.inception.naive": {"en": "**Naive 5×5:**", "zh": "**朴素 5×5：**"},
    "lab.inception.reduced": {"en": "**1×1 to {r}, then 5×5:**", "zh": "**先 1×1 降到 {r}，再 5×5：**"},
    "lab.inception.naive_short": {"en": "5×5 on {c} channels", "zh": "在 {c} 个通道上做 5×5"},
    "lab.inception.reduced_short": {"en": "1×1 to {r} + 5×5", "zh": "1×1 降到 {r} + 5×5"},
    "lab.inception.factor": {"en": "Cheaper by", "zh": "节省倍数"},
    "lab.inception.fig.cost": {"en": "Multiplications of the 5×5 branch", "zh": "5×5 分支的乘法次数"},
    "lab.inception.ex.naive_5x5": {"en": "Naive 5×5 branch", "zh": "朴素 5×5 分支"},
    "lab.inception.ex.reduce_1x1": {"en": "1×1 reduction to 16", "zh": "1×1 降到 16"},
    "lab.inception.ex.reduced_5x5": {"en": "5×5 on 16 channels", "zh": "在 16 个通道上做 5×5"},
    "lab.inception.ex.reduced_total": {"en": "Reduced branch, total", "zh": "降维后的分支，合计"},
    "lab.inception.truncated": {
        "en": "At the book's inputs (200 channels, a reduction to 16): 3,276,800 + 13,107,200 = 16,384,000 ≈ 16.4 million: the book's \"16.3 million\" is truncated, not "
        "rounded. Its printed formula is garbled; it should read (32×32×200)×(1×1×16) + (32×32×16)×(5×5×32).",
        "zh": "按教材的输入（200 个通道，降到 16）：3,276,800 + 13,107,200 = 16,384,000 ≈ 1640 万：教材的“1630 万”是截断而不是四舍五入。"
        "教材印出的公式有误，应为 (32×32×200)×(1×1×16) + (32×32×16)×(5×5×32)。",
    },
    "lab.inception.s3": {"en": "The module with dimension reduction", "zh": "带降维的 Inception 模块"},
    "lab.inception.s3.text": {
        "en": "GoogLeNet's first module, 3a (book 001 Table 5.2): 1×1 reductions before the 3×3 and the 5×5, and a 1×1 "
        "projection after the pool, on a 28×28×{c_in} input. Its depth is {depth}.",
        "zh": "GoogLeNet 的第一个模块 3a（教材 001 表 5.2）：在 3×3 和 5×5 之前用 1×1 降维，池化之后用 1×1 投影，"
        "输入为 28×28×{c_in}。其深度为 {depth}。",
    },
    # --- 7. residual blocks -----------------------------------------------------------------
    "lab.residual.title": {"en": "Residual blocks", "zh": "残差块"},
    "lab.residual.intro": {
        "en": "A residual block adds its input to its output: H(x) = F(x) + x. The layers only learn the difference, "
        "and the gradient has a path that skips them (books 000 §3.4, 002 §6.3, 004).",
        "zh": "残差块把输入加到输出上：H(x) = F(x) + x。各层只需学习差值，梯度也有一条绕过它们的通路"
        "（教材 000 §3.4、002 §6.3、004）。",
    },
    "lab.residual.s1": {"en": "F(x) + x", "zh": "F(x) + x"},
    "lab.residual.s1.text": {
        "en": "The block learns the residual F(x) = H(x) − x. A layer maps {x} to {target}; then the target moves to "
        "{moved}. How much must each kind of layer change? (Book 004's example: 5 → 5.1, then 5.2.)",
        "zh": "残差块学习的是残差 F(x) = H(x) − x。某层把 {x} 映射为 {target}；之后目标变为 {moved}。"
        "两种层各自需要改变多少？（教材 004 的例子：5 → 5.1，之后变为 5.2。）",
    },
    "lab.residual.x": {"en": "Input x", "zh": "输入 x"},
    "lab.residual.target": {"en": "Target H(x)", "zh": "目标 H(x)"},
    "lab.residual.moved": {"en": "New target", "zh": "新目标"},
    "lab.residual.zero": {"en": "The target must differ from 0 and from x for these ratios.", "zh": "要计算这些比值，目标不能为 0，也不能等于 x。"},
    "lab.residual.plain_change": {"en": "Plain layer's output changes by", "zh": "普通层的输出变化"},
    "lab.residual.residual_change": {"en": "Residual F changes by", "zh": "残差 F 的变化"},
    "lab.residual.book_sensitivity": {
        "en": "Book 004: the plain layer changes by 1/51 ≈ 2 %, the residual goes 0.1 → 0.2, +100 %: \"residuals remove "
        "the common part and highlight small changes\".",
        "zh": "教材 004：普通层只变化 1/51 ≈ 2 %，残差从 0.1 变为 0.2，变化 100 %：“残差去掉了共同的主体部分，突出了微小的变化”。",
    },
    "lab.residual.identity": {
        "en": "And when the best a block can do is nothing (input 2, output 2): a plain block must learn A(2) = 2, a "
        "residual block only F(2) = 0 — easy, since weights start near 0. Its gradient is H′(x) = F′(x) + 1: "
        "\"the 1 keeps the gradient from vanishing\" (004).",
        "zh": "当一个块最好什么也不做时（输入 2，输出 2）：普通块必须学会 A(2) = 2，残差块只需 F(2) = 0——"
        "这很容易，因为权重初始值接近 0。其梯度为 H′(x) = F′(x) + 1：“常数 1 保证梯度不会消失”（004）。",
    },
    "lab.residual.s2": {"en": "Basic against bottleneck", "zh": "基本块对比瓶颈块"},
    "lab.residual.s2.text": {
        "en": "Two 3×3 convolutions at {c} channels against 1×1 ({c} → {m}), 3×3 ({m}), 1×1 ({m} → {c}). Weights "
        "only, no bias, no BatchNorm. Book 004's Example 5-3 takes C = 256 and M = 64.",
        "zh": "{c} 个通道上的两层 3×3 卷积，对比 1×1（{c} → {m}）、3×3（{m}）、1×1（{m} → {c}）。"
        "只计权重，不含偏置和批归一化。教材 004 例 5-3 取 C = 256、M = 64。",
    },
    "lab.residual.c": {"en": "Block channels C", "zh": "块的通道数 C"},
    "lab.residual.mid": {"en": "Bottleneck width M", "zh": "瓶颈宽度 M"},
    "lab.residual.basic": {"en": "Basic block, {c} channels", "zh": "基本块，{c} 通道"},
    "lab.residual.bottleneck": {"en": "Bottleneck {c}→{m}→{c}", "zh": "瓶颈块 {c}→{m}→{c}"},
    "lab.residual.saving": {"en": "Bottleneck against basic", "zh": "瓶颈块相对基本块"},
    "lab.residual.weights": {"en": "Weights", "zh": "权重数"},
    "lab.residual.fig.blocks": {"en": "Weights of one block", "zh": "一个块的权重数"},
    "lab.residual.book_blocks": {
        "en": "Book 004: 3×3×256×256×2 = 1,179,648 against 69,632, a 94.1 % reduction.",
        "zh": "教材 004：3×3×256×256×2 = 1,179,648，对比 69,632，减少 94.1 %。",
    },
    "lab.residual.fair": {
        "en": "A fairer comparison: above, a {c}-wide basic block stands against a bottleneck only {m} wide inside (the "
        "book: 256 against 64). He et al. compare the bottleneck with a {m}-wide basic block, {basic_mid} weights: "
        "the bottleneck costs ×{ratio} of it while its input and output are {wider} times wider.",
        "zh": "更公平的比较：上面是 {c} 宽的基本块对比内部只有 {m} 宽的瓶颈块（教材：256 对比 64）。He 等人是把瓶颈块与 "
        "{m} 宽的基本块相比，后者有 {basic_mid} 个权重：瓶颈块的代价是它的 ×{ratio}，而瓶颈块的输入输出宽了 {wider} 倍。",
    },
    "lab.residual.s3": {"en": "Identity or projection shortcut", "zh": "恒等捷径还是投影捷径"},
    "lab.residual.s3.text": {
        "en": "F(x) and x are added element by element, so they must have the same shape. When a block changes the "
        "channels (and halves the map), the shortcut either pads zero channels (free) or projects x with a 1×1 "
        "convolution W_s (book 002 Eq. 6.5, book 004).",
        "zh": "F(x) 与 x 逐元素相加，所以形状必须相同。当块改变通道数（并把特征图减半）时，捷径要么补零通道（不增加参数），"
        "要么用 1×1 卷积 W_s 对 x 做投影（教材 002 式 6.5，教材 004）。",
    },
    "lab.residual.cin": {"en": "Channels in", "zh": "输入通道"},
    "lab.residual.cout": {"en": "Channels out", "zh": "输出通道"},
    "lab.residual.kind": {"en": "Shortcut", "zh": "捷径"},
    "lab.residual.kind.identity": {"en": "identity", "zh": "恒等"},
    "lab.residual.kind.projection": {"en": "projection", "zh": "投影"},
    "lab.residual.identity_cost": {"en": "Same shape: the identity shortcut has no parameters and costs no compute.", "zh": "形状相同：恒等捷径没有参数，也不增加计算。"},
    "lab.residual.zero_pad": {
        "en": "{cin} → {cout} channels: the identity shortcut pads the missing channels with zeros (the paper's option A): still no parameters.",
        "zh": "{cin} → {cout} 个通道：恒等捷径用零填补缺少的通道（论文的选项 A）：仍然没有参数。",
    },
    "lab.residual.shortcut_params": {"en": "Projection parameters", "zh": "投影参数量"},
    "lab.residual.typo": {
        "en": "Book 004's Example 5-1 raises the dimensions \"from 63 to 128\": a typo for 64 → 128, the step from "
        "conv2_x to conv3_x in ResNet-18/34.",
        "zh": "教材 004 例 5-1 说把维度“从 63 升到 128”：应为 64 → 128，即 ResNet-18/34 中从 conv2_x 到 conv3_x 的一步。",
    },
    "lab.residual.s4": {"en": "How the gradient flows", "zh": "梯度如何流动"},
    "lab.residual.s4.text": {
        "en": "He et al.'s CIFAR ResNet, randomly initialised, with and without shortcuts: one batch of random images "
        "forward and backward, then the norm of each convolution's weight gradient, first layer to last.",
        "zh": "He 等人的 CIFAR ResNet，随机初始化，分别带与不带捷径：一批随机图像前向、反向传播一次，"
        "然后按从第一层到最后一层的顺序画出每个卷积层权重梯度的范数。",
    },
    "lab.residual.depth": {"en": "Depth (6n + 2 layers)", "zh": "深度（6n + 2 层）"},
    "lab.residual.computing": {"en": "Computing the gradients…", "zh": "正在计算梯度……"},
    "lab.residual.plain": {"en": "plain (no shortcuts)", "zh": "普通网络（无捷径）"},
    "lab.residual.residual": {"en": "residual (identity shortcuts)", "zh": "残差网络（恒等捷径）"},
    "lab.residual.fig.gradients": {"en": "Gradient norm per layer, {depth} layers", "zh": "各层的梯度范数，{depth} 层"},
    "lab.residual.fig.layer": {"en": "Convolution (input → output)", "zh": "卷积层（输入 → 输出）"},
    "lab.residual.fig.norm": {"en": "‖∂loss/∂W‖", "zh": "‖∂loss/∂W‖"},
    "lab.residual.spread_plain": {"en": "Largest / smallest, plain", "zh": "最大 / 最小，普通网络"},
    "lab.residual.spread_residual": {"en": "Largest / smallest, residual", "zh": "最大 / 最小，残差网络"},
    "lab.residual.s4.after": {
        "en": "Without shortcuts the gradient changes by orders of magnitude from layer to layer: here (with BatchNorm, "
        "at initialisation) it grows toward the input, so the layers cannot all learn at one learning rate — the "
        "vanishing/exploding-gradient problem of books 002 and 004. With shortcuts every layer gets a gradient of "
        "similar size: the +1 of H′ = F′ + 1 at work.",
        "zh": "没有捷径时，梯度在层与层之间相差几个数量级：这里（有批归一化，处于初始化状态）梯度越靠近输入越大，"
        "各层无法用同一个学习率一起学习——这就是教材 002 和 004 所说的梯度消失/爆炸问题。有了捷径，"
        "每一层得到的梯度大小相近：这正是 H′ = F′ + 1 中 +1 的作用。",
    },
    # --- 8. batch normalization -------------------------------------------------------------
    "lab.bn.title": {"en": "Batch normalization step by step", "zh": "一步一步做批归一化"},
    "lab.bn.intro": {
        "en": "Batch normalization standardises each feature over the mini-batch, then scales and shifts it with two "
        "learnt numbers, γ and β (book 004 §5.1.1; hyperparameters from book 002). Edit the batch.",
        "zh": "批归一化在小批量上把每个特征标准化，再用两个可学习的数 γ 和 β 缩放和平移（教材 004 §5.1.1；超参数取自教材 002）。"
        "可以编辑这批数据。",
    },
    "lab.bn.s1": {"en": "Mean and variance of the batch", "zh": "这批数据的均值和方差"},
    "lab.bn.s1.text": {
        "en": "A mini-batch of {m} samples with 2 features (the default batch has 4; edit it). BN works on each feature separately, across the samples "
        "(for a convolution: each channel, across samples and positions).",
        "zh": "一个小批量：{m} 个样本，每个样本 2 个特征（默认的这批有 4 个样本，可以编辑）。批归一化对每个特征分别计算，跨样本求统计量"
        "（对卷积层：每个通道，跨样本和位置）。",
    },
    "lab.bn.f1": {"en": "Feature 1 across the batch", "zh": "特征 1（整批）"},
    "lab.bn.f2": {"en": "Feature 2 across the batch", "zh": "特征 2（整批）"},
    "lab.bn.bad_numbers": {
        "en": "“{text}” should be numbers separated by commas, at least two, such as 1, 3, 5, 7.",
        "zh": "“{text}”应是用逗号分隔的数字，至少两个，例如 1, 3, 5, 7。",
    },
    "lab.bn.lengths": {
        "en": "The two features must have the same number of samples (now {a} and {b}).",
        "zh": "两个特征的样本数必须相同（现在是 {a} 和 {b}）。",
    },
    "lab.bn.col.sample": {"en": "Sample", "zh": "样本"},
    "lab.bn.feature": {"en": "**Feature {j}**", "zh": "**特征 {j}**"},
    "lab.bn.s2": {"en": "Normalise: x̂ = (x − μ) / √(σ² + ε)", "zh": "标准化：x̂ = (x − μ) / √(σ² + ε)"},
    "lab.bn.s2.text": {
        "en": "Subtract the mean, divide by the standard deviation; ε keeps the division safe when σ² is 0 "
        "(PyTorch's ε is 1e-5, Keras's 1e-3).",
        "zh": "减去均值，除以标准差；σ² 为 0 时 ε 防止除以零（PyTorch 的 ε 为 1e-5，Keras 的为 1e-3）。",
    },
    "lab.bn.eps": {"en": "ε", "zh": "ε"},
    "lab.bn.fig.normalise": {"en": "Feature 1 before and after normalising", "zh": "特征 1 标准化前后"},
    "lab.bn.mean_var": {"en": "x̂ of feature 1 has mean {mean} and variance {var}.", "zh": "特征 1 的 x̂ 均值为 {mean}，方差为 {var}。"},
    "lab.bn.s3": {"en": "Scale and shift: y = γ·x̂ + β", "zh": "缩放与平移：y = γ·x̂ + β"},
    "lab.bn.s3.text": {
        "en": "γ and β are learnt like weights. They give back what forcing mean 0 and variance 1 took away: with "
        "γ = √(σ² + ε) and β = μ the layer outputs its input unchanged (004: \"the essence of BN\").",
        "zh": "γ 和 β 像权重一样被学习。它们把强制均值为 0、方差为 1 所失去的表达能力还回来："
        "取 γ = √(σ² + ε)、β = μ 时，该层原样输出输入（004：“BN 的精髓”）。",
    },
    "lab.bn.gamma": {"en": "γ (scale)", "zh": "γ（缩放）"},
    "lab.bn.beta": {"en": "β (shift)", "zh": "β（平移）"},
    "lab.bn.fig.scale": {"en": "Feature 1: x, x̂ and y", "zh": "特征 1：x、x̂ 和 y"},
    "lab.bn.restore": {"en": "Set γ = √(σ² + ε), β = μ", "zh": "设 γ = √(σ² + ε)，β = μ"},
    "lab.bn.restore.help": {"en": "Then y equals x again (feature 1).", "zh": "这样 y 又等于 x（特征 1）。"},
    "lab.bn.s4": {"en": "Training against evaluation", "zh": "训练模式与评估模式"},
    "lab.bn.s4.text": {
        "en": "In training, BN uses the batch's own μ and σ². It also keeps running averages of them; in evaluation "
        "(one image at a time, no batch) it uses those instead. The books give no formula for this part; this is "
        "PyTorch's rule, with momentum α = 0.1 and the unbiased variance (m − 1).",
        "zh": "训练时，批归一化使用这批数据自己的 μ 和 σ²，同时维护它们的滑动平均；评估时（一次一张图，没有批），"
        "改用滑动平均。教材没有给出这部分公式；这里采用 PyTorch 的规则：动量 α = 0.1，方差用无偏估计（m − 1）。",
    },
    "lab.bn.momentum": {"en": "Momentum α", "zh": "动量 α"},
    "lab.bn.steps": {"en": "Training steps seen", "zh": "已经历的训练步数"},
    "lab.bn.after": {"en": "after {k} steps", "zh": "{k} 步之后"},
    "lab.bn.col.train": {"en": "y in training", "zh": "训练模式的 y"},
    "lab.bn.col.eval": {"en": "y in evaluation", "zh": "评估模式的 y"},
    "lab.bn.fig.running": {"en": "Running statistics of feature 1, from PyTorch's start (0, 1)", "zh": "特征 1 的滑动统计量，从 PyTorch 的初值 (0, 1) 开始"},
    "lab.bn.fig.steps": {"en": "Training steps", "zh": "训练步数"},
    "lab.bn.fig.value": {"en": "Value", "zh": "数值"},
    "lab.bn.s4.after": {
        "en": "After one step the running statistics are still far from the batch's, so evaluation outputs differ from "
        "training outputs; after many steps they converge. Book 002's S4TF momentum 0.1 means the opposite weighting "
        "(new = 0.1·old + 0.9·batch); PyTorch's momentum 0.1 is new = 0.9·old + 0.1·batch.",
        "zh": "一步之后，滑动统计量离这批数据的统计量还很远，所以评估输出与训练输出不同；多步之后二者趋于一致。"
        "教材 002 中 S4TF 的动量 0.1 表示相反的加权（新 = 0.1·旧 + 0.9·本批）；PyTorch 的动量 0.1 是 新 = 0.9·旧 + 0.1·本批。",
    },
    "lab.bn.s5": {"en": "Keras 4C, PyTorch 2C", "zh": "Keras 计 4C，PyTorch 计 2C"},
    "lab.bn.s5.text": {
        "en": "A BN layer over C channels has γ and β (2C, trainable) and the running mean and variance (2C). Keras's "
        "summary counts all 4C as parameters (2C \"non-trainable\"); PyTorch keeps the statistics as buffers and "
        "counts 2C. This is why the books' totals are larger than PyTorch's.",
        "zh": "C 个通道的批归一化层有 γ 和 β（2C，可训练）以及滑动均值和方差（2C）。Keras 的 summary 把 4C 全部算作参数"
        "（其中 2C “不可训练”）；PyTorch 把统计量存为缓冲区，只计 2C。这就是教材中的总数比 PyTorch 大的原因。",
    },
    "lab.bn.channels": {"en": "Channels C", "zh": "通道数 C"},
    "lab.bn.buffers": {"en": "Buffers (PyTorch)", "zh": "缓冲区（PyTorch）"},
    "lab.bn.alexnet": {
        "en": "Book 001's AlexNet: Keras prints **{keras}** total, PyTorch counts **{torch}**; the difference {diff} = "
        "2 × ({channels}), the running statistics of its five BN layers.",
        "zh": "教材 001 的 AlexNet：Keras 打印总数 **{keras}**，PyTorch 计为 **{torch}**；差值 {diff} = "
        "2 × ({channels})，即五个批归一化层的滑动统计量。",
    },
    # --- 9. activations ---------------------------------------------------------------------
    "lab.act.title": {"en": "Activation functions", "zh": "激活函数"},
    "lab.act.intro": {
        "en": "Sigmoid, tanh and ReLU, and their slopes: the slope is what backpropagation multiplies by at every layer "
        "(book 003; books 001 §5.3 and 004 §5.1 on vanishing gradients).",
        "zh": "sigmoid、tanh 和 ReLU 以及它们的斜率：反向传播在每一层都要乘上这个斜率"
        "（教材 003；关于梯度消失见教材 001 §5.3 和 004 §5.1）。",
    },
    "lab.act.s1": {"en": "The three functions", "zh": "三个函数"},
    "lab.act.s1.text": {
        "en": "Sigmoid squashes to (0, 1), tanh to (−1, 1) — a zero-centred, scaled sigmoid, tanh(x) = 2σ(2x) − 1 — and "
        "ReLU keeps positive values and zeroes the rest (003).",
        "zh": "sigmoid 把输入压缩到 (0, 1)，tanh 压缩到 (−1, 1)——它是以零为中心、经过缩放的 sigmoid，tanh(x) = 2σ(2x) − 1——"
        "ReLU 保留正值，把其余置零（003）。",
    },
    "lab.act.fig.values": {"en": "Activation functions", "zh": "激活函数"},
    "lab.act.s2": {"en": "Their derivatives", "zh": "它们的导数"},
    "lab.act.s2.text": {
        "en": "The sigmoid's slope is at most 0.25 (at 0) and almost 0 at both ends: a saturated unit passes almost no "
        "gradient back. Tanh's slope is at most 1; ReLU's is exactly 1 for every positive input (0 for negative "
        "ones: a \"dying ReLU\" gets no update).",
        "zh": "sigmoid 的斜率最大只有 0.25（在 0 处），两端几乎为 0：饱和的神经元几乎不向后传梯度。tanh 的斜率最大为 1；"
        "ReLU 对所有正输入斜率恰为 1（负输入为 0：“死亡 ReLU”得不到更新）。",
    },
    "lab.act.x0": {"en": "Pre-activation x", "zh": "激活前的值 x"},
    "lab.act.fig.slopes": {"en": "Derivatives", "zh": "导数"},
    "lab.act.s3": {"en": "Why sigmoid gradients vanish", "zh": "为什么 sigmoid 的梯度会消失"},
    "lab.act.s3.text": {
        "en": "Backpropagation multiplies the slopes of all the layers it passes through. With sigmoid every factor is "
        "at most 0.25, so the product shrinks exponentially with depth (004: \"a chained product of factors < 1\").",
        "zh": "反向传播要把经过的每一层的斜率相乘。用 sigmoid 时每个因子至多为 0.25，所以乘积随深度呈指数缩小"
        "（004：“小于 1 的因子连乘”）。",
    },
    "lab.act.n": {"en": "Layers", "zh": "层数"},
    "lab.act.fig.chain": {"en": "Product of the slopes through n layers", "zh": "经过 n 层后斜率的乘积"},
    "lab.act.best": {"en": "{name}, at its steepest", "zh": "{name}，斜率最大处"},
    "lab.act.fig.layers": {"en": "Layers passed", "zh": "经过的层数"},
    "lab.act.fig.factor": {"en": "Gradient scaled by", "zh": "梯度缩放倍数"},
    "lab.act.quarter": {
        "en": "At best (x = 0) {n} sigmoid layers scale the gradient by 0.25^{n} = {value}.",
        "zh": "即使在最好的情况下（x = 0），{n} 层 sigmoid 也会把梯度缩小为 0.25^{n} = {value}。",
    },
    "lab.act.s3.after": {
        "en": "ReLU's slope of 1 passes the gradient unchanged for active units, one reason AlexNet trained faster with "
        "it (001). Weights multiply in too, which is why initialisation, BatchNorm and shortcuts matter as well.",
        "zh": "对于激活的神经元，ReLU 的斜率为 1，梯度原样传回，这是 AlexNet 用它训练更快的原因之一（001）。"
        "权重也会参与连乘，所以初始化、批归一化和捷径连接同样重要。",
    },
    # --- 10. degradation --------------------------------------------------------------------
    "lab.degrade.title": {"en": "The degradation experiment", "zh": "退化实验"},
    "lab.degrade.intro": {
        "en": "Deeper should be at least as good — yet a deeper plain network trains *worse*. Shortcuts fix it "
        "(He et al. 2016, Fig. 1 and 6; book 004 §5.1.3).",
        "zh": "更深的网络至少不应更差——然而更深的普通网络反而*训练得更差*。捷径连接解决了这个问题"
        "（He 等人 2016，图 1 和图 6；教材 004 §5.1.3）。",
    },
    "lab.degrade.s1": {"en": "The question", "zh": "问题"},
    "lab.degrade.s1.text": {
        "en": "He et al. trained plain CIFAR networks of 20 and 56 layers: the 56-layer one had the higher error on the "
        "**training** set, so it is not overfitting (that would hurt only the test set) — the deeper net is harder to "
        "optimise. With shortcuts the deeper ResNet is better.\n\n⚠ The books explain it differently: book 004 blames "
        "ReLU's loss of information, book 000 overfitting and covariate shift; the paper's explanation is "
        "optimisation difficulty.",
        "zh": "He 等人训练了 20 层和 56 层的普通 CIFAR 网络：56 层的网络在**训练集**上的误差更高，所以这不是过拟合"
        "（过拟合只会让测试集变差）——而是更深的网络更难优化。加上捷径后，更深的 ResNet 更好。\n\n"
        "⚠ 教材的解释不同：教材 004 归因于 ReLU 造成的信息损失，教材 000 归因于过拟合和协变量偏移；论文的解释是优化困难。",
    },
    "lab.degrade.s2": {"en": "Train plain and residual networks", "zh": "训练普通网络和残差网络"},
    "lab.degrade.s2.text": {
        "en": "Four short runs of He et al.'s CIFAR ResNet (6n + 2 layers), with shortcuts (residual) and without "
        "(plain), at two depths, by the app's training engine on its embedded digits ({samples} images generated from a "
        "seed, 10 classes, at {size}×{size}: the same every time): SGD with momentum {momentum}, learning rate {lr}, batches of "
        "{batch}. The curves show the training error.",
        "zh": "对 He 等人的 CIFAR ResNet（6n + 2 层）做四次短训练：两种深度，分别带捷径（残差）和不带捷径（普通），"
        "由本工具的训练引擎在其内置的数字数据集上完成（由随机种子生成的 {samples} 张图像，10 个类别，缩放到 {size}×{size}，每次都相同）："
        "SGD 动量 {momentum}、学习率 {lr}，批大小 {batch}。曲线显示训练误差。",
    },
    "lab.degrade.shallow": {"en": "Shallow depth", "zh": "较浅的深度"},
    "lab.degrade.deep": {"en": "Deep depth", "zh": "较深的深度"},
    "lab.degrade.steps": {"en": "Training steps", "zh": "训练步数"},
    "lab.degrade.run": {"en": "Train the four networks", "zh": "训练这四个网络"},
    "lab.degrade.press": {
        "en": "Press the button: the four runs take about a minute on a laptop's CPU (fewer steps, less time); "
        "their results are then kept for everyone on this server.",
        "zh": "请按上面的按钮：四次训练在笔记本电脑的 CPU 上大约需要一分钟（步数越少越快）；之后结果会保留，供本服务器上的所有人使用。",
    },
    "lab.degrade.training": {"en": "Training…", "zh": "正在训练……"},
    "lab.degrade.training_one": {"en": "Training the {kind} network with {depth} layers…", "zh": "正在训练 {depth} 层的{kind}……"},
    "lab.degrade.none": {"en": "plain", "zh": "普通网络"},
    "lab.degrade.identity": {"en": "residual", "zh": "残差网络"},
    "lab.degrade.layers": {"en": "{depth} layers", "zh": "{depth} 层"},
    "lab.degrade.run_label": {"en": "{kind}, {depth} layers", "zh": "{kind}，{depth} 层"},
    "lab.degrade.fig": {"en": "Training error (moving average of 10 steps)", "zh": "训练误差（10 步滑动平均）"},
    "lab.degrade.fig.step": {"en": "Step", "zh": "步数"},
    "lab.degrade.fig.error": {"en": "Training error (%)", "zh": "训练误差（%）"},
    "lab.degrade.s2.after": {
        "en": "Read the left panel: the deeper plain network learns slower and ends with the higher training error — "
        "degradation. On the right, with shortcuts, depth no longer hurts. The numbers are the mean error of the last "
        "10 steps.",
        "zh": "看左图：更深的普通网络学得更慢，最终训练误差更高——这就是退化。右图中有了捷径，深度不再有害。"
        "数字是最后 10 步的平均误差。",
    },
    # --- 11. top-k --------------------------------------------------------------------------
    "lab.topk.title": {"en": "Top-1 and top-5 error", "zh": "Top-1 与 Top-5 错误率"},
    "lab.topk.intro": {
        "en": "Top-1 error: the highest score is not the true class. Top-5 error: the true class is not among the five "
        "highest. ImageNet's 1,000 classes made top-5 the headline number (book 001 §5.3).",
        "zh": "Top-1 错误：得分最高的类别不是真实类别。Top-5 错误：真实类别不在得分最高的五个之中。"
        "ImageNet 有 1000 个类别，所以 Top-5 成了最常被引用的数字（教材 001 §5.3）。",
    },
    "lab.topk.s1": {"en": "The book's cat", "zh": "教材中的猫"},
    "lab.topk.s1.text": {
        "en": "100 classes, an image, and the classifier's scores: cat 70 %, dog 20 %, horse 5 %, motorcycle 4 %, "
        "car 0.6 %, plane 0.4 %. Which class is the truth?",
        "zh": "100 个类别，一张图像，分类器的得分：猫 70 %、狗 20 %、马 5 %、摩托车 4 %、汽车 0.6 %、飞机 0.4 %。真实类别是哪个？",
    },
    "lab.topk.truth": {"en": "True class", "zh": "真实类别"},
    "lab.topk.k": {"en": "k", "zh": "k"},
    "lab.topk.class.cat": {"en": "cat", "zh": "猫"},
    "lab.topk.class.dog": {"en": "dog", "zh": "狗"},
    "lab.topk.class.horse": {"en": "horse", "zh": "马"},
    "lab.topk.class.motorcycle": {"en": "motorcycle", "zh": "摩托车"},
    "lab.topk.class.car": {"en": "car", "zh": "汽车"},
    "lab.topk.class.plane": {"en": "plane", "zh": "飞机"},
    "lab.topk.fig": {"en": "Scores, best first (top {k} in blue, the truth outlined)", "zh": "得分从高到低（前 {k} 个为蓝色，真实类别加框）"},
    "lab.topk.score": {"en": "Score (%)", "zh": "得分（%）"},
    "lab.topk.rank": {"en": "Rank of the truth", "zh": "真实类别的名次"},
    "lab.topk.top1": {"en": "Top-1", "zh": "Top-1"},
    "lab.topk.top5": {"en": "Top-5", "zh": "Top-5"},
    "lab.topk.topk": {"en": "Top-{k}", "zh": "Top-{k}"},
    "lab.topk.hit": {"en": "hit", "zh": "命中"},
    "lab.topk.miss": {"en": "miss", "zh": "未命中"},
    "lab.topk.book_cat": {"en": "Book 001: the truth is cat — a top-1 hit (and so a top-5 hit).", "zh": "教材 001：真实类别是猫——Top-1 命中（因此也是 Top-5 命中）。"},
    "lab.topk.book_horse": {"en": "Book 001: the truth is horse — a top-1 miss but a top-5 hit.", "zh": "教材 001：真实类别是马——Top-1 未命中，但 Top-5 命中。"},
    "lab.topk.s2": {"en": "From one image to an error rate", "zh": "从一张图像到错误率"},
    "lab.topk.s2.text": {
        "en": "Repeat over many images and count the misses: the error rate is the fraction of images missed. Five "
        "images, the book's cat twice (once labelled horse):",
        "zh": "对许多图像重复这个过程并统计未命中的次数：错误率就是未命中图像所占的比例。这里有五张图像，"
        "其中教材中的猫出现两次（一次标为马）：",
    },
    "lab.topk.col.image": {"en": "Image", "zh": "图像"},
    "lab.topk.col.truth": {"en": "Truth", "zh": "真实类别"},
    "lab.topk.col.best": {"en": "Highest score", "zh": "得分最高"},
    "lab.topk.err1": {"en": "Top-1 error", "zh": "Top-1 错误率"},
    "lab.topk.err5": {"en": "Top-5 error", "zh": "Top-5 错误率"},
    "lab.topk.illustrative": {
        "en": "Images 3 to 5 are illustrative; the book gives only the cat's scores.",
        "zh": "图像 3 到 5 只是示意；教材只给出了猫的得分。",
    },
    "lab.topk.fig.ilsvrc": {"en": "ImageNet top-5 error, as the books quote it", "zh": "教材引用的 ImageNet Top-5 错误率"},
    "lab.topk.ilsvrc_source": {
        "en": "Book 001: AlexNet 15.3 %, VGG-16 8.1 %, GoogLeNet 6.67 %, ResNet 3.57 % (an ensemble on the test set; "
        "⚠ the book garbles it with the single model's 4.49 %).",
        "zh": "教材 001：AlexNet 15.3 %、VGG-16 8.1 %、GoogLeNet 6.67 %、ResNet 3.57 %（测试集上的集成模型；"
        "⚠ 教材把它与单模型的 4.49 % 混为一谈）。",
    },
    # --- 12. counting -----------------------------------------------------------------------
    "lab.counts.title": {"en": "Why do the numbers differ?", "zh": "为什么数字对不上？"},
    "lab.counts.intro": {
        "en": "The same architecture gets different counts from the book, from torchvision and from Keras. Every number "
        "below is this app's own analysis of the model named next to it.",
        "zh": "同一个架构，教材、torchvision 和 Keras 给出的数字各不相同。下面的每个数字都是本工具对旁边所列模型的分析结果。",
    },
    "lab.counts.computing": {"en": "Analysing the models…", "zh": "正在分析模型……"},
    "lab.counts.s1": {"en": "Bias and BatchNorm statistics: ResNet-50", "zh": "偏置与批归一化统计量：ResNet-50"},
    "lab.counts.s1.text": {
        "en": "torchvision builds convolutions without bias when BatchNorm follows (the bias would be cancelled). The "
        "books' Keras code keeps Keras's default use_bias=True. And Keras's summary adds BatchNorm's running mean "
        "and variance.",
        "zh": "当卷积后接批归一化时，torchvision 构建的卷积不带偏置（偏置会被抵消）。教材的 Keras 代码保留了 Keras 的默认值 "
        "use_bias=True。此外 Keras 的 summary 还加上了批归一化的滑动均值和方差。",
    },
    "lab.counts.col.how": {"en": "Counted by", "zh": "计数方式"},
    "lab.counts.col.params": {"en": "Parameters", "zh": "参数量"},
    "lab.counts.col.diff": {"en": "More than the previous", "zh": "比上一行多"},
    "lab.counts.col.model": {"en": "Model in this app", "zh": "本工具中的模型"},
    "lab.counts.above": {"en": "Parameters above torchvision's count", "zh": "比 torchvision 多出的参数"},
    "lab.counts.v1_note": {
        "en": "The ResNet paper's ResNet-50 is v1 (stride on the 1×1): 3.86 G multiply-adds, step 3; this app's resnet50 is torchvision's v1.5.",
        "zh": "ResNet 论文中的 ResNet-50 是 v1（步幅在 1×1 上）：3.86 G 次乘加，见第 3 步；本工具的 resnet50 是 torchvision 的 v1.5。",
    },
    "lab.counts.how.torchvision": {"en": "torchvision (no conv bias)", "zh": "torchvision（卷积无偏置）"},
    "lab.counts.how.book_pytorch": {"en": "the book's code in PyTorch (conv bias)", "zh": "教材代码的 PyTorch 版（卷积有偏置）"},
    "lab.counts.how.keras": {"en": "Keras's model.summary() (+ BN statistics)", "zh": "Keras 的 model.summary()（+ 批归一化统计量）"},
    "lab.counts.fig.extra": {"en": "Parameters above torchvision's {base}", "zh": "比 torchvision 的 {base} 多出的参数"},
    "lab.counts.s1.after": {
        "en": "Conv biases add {bias}; BatchNorm's running statistics add {bn} more (2 × the BN channels). None of them "
        "changes what the network computes.",
        "zh": "卷积偏置多出 {bias} 个；批归一化的滑动统计量再多出 {bn} 个（批归一化通道数的 2 倍）。它们都不改变网络的计算结果。",
    },
    "lab.counts.s2": {"en": "GoogLeNet's auxiliary heads: 6.6 M or 13.0 M", "zh": "GoogLeNet 的辅助分类器：660 万还是 1300 万"},
    "lab.counts.s2.text": {
        "en": "GoogLeNet trains with two auxiliary classifiers (on 4a and 4d) that are thrown away at inference. The "
        "book never mentions them, but its \"about 13 million\" is the count with them.",
        "zh": "GoogLeNet 训练时带两个辅助分类器（接在 4a 和 4d 上），推理时丢弃。教材完全没有提到它们，"
        "但它所说的“约 1300 万”正是包含它们的参数量。",
    },
    "lab.counts.main": {"en": "Without the auxiliary heads", "zh": "不含辅助分类器"},
    "lab.counts.with_aux": {"en": "With them (aux_logits=True)", "zh": "含辅助分类器（aux_logits=True）"},
    "lab.counts.aux_only": {"en": "The two heads", "zh": "两个辅助分类器"},
    "lab.counts.book_13m": {
        "en": "Book 001: GoogLeNet \"reduces the parameters 12× (from about 138 million to about 13 million)\". 13 million "
        "matches the count with the auxiliary heads, and 138/13 ≈ {ratio}, not 12; the paper's 12× compares with "
        "AlexNet (≈ 60 M → ≈ 5 M).",
        "zh": "教材 001：GoogLeNet “把参数减少到 1/12（从约 1.38 亿减到约 1300 万）”。1300 万对应的是含辅助分类器的参数量，"
        "而且 138/13 ≈ {ratio}，不是 12；论文中的 12 倍是与 AlexNet 相比（≈ 6000 万 → ≈ 500 万）。",
    },
    "lab.counts.s3": {"en": "ResNet-50 v1 against v1.5", "zh": "ResNet-50 v1 对比 v1.5"},
    "lab.counts.s3.text": {
        "en": "Book 000 §3.4.3: v1 strides on the first 1×1 of each stage's first block, v1.5 on the 3×3. Same "
        "parameters; a different receptive field and a different cost.",
        "zh": "教材 000 §3.4.3：v1 在每个阶段第一个块的第一个 1×1 卷积上做步幅 2，v1.5 在 3×3 上做。参数量相同；"
        "感受野和计算量不同。",
    },
    "lab.counts.col.version": {"en": "Version", "zh": "版本"},
    "lab.counts.col.stride": {"en": "Stride 2 on", "zh": "步幅 2 位于"},
    "lab.counts.stride.v1": {"en": "first 1×1", "zh": "第一个 1×1"},
    "lab.counts.stride.v1_5": {"en": "3×3", "zh": "3×3"},
    "lab.counts.col.bias": {"en": "Conv bias", "zh": "卷积偏置"},
    "lab.counts.bias.yes": {"en": "yes (the book's Keras code)", "zh": "有（教材的 Keras 代码）"},
    "lab.counts.bias.no": {"en": "no (torchvision)", "zh": "无（torchvision）"},
    "lab.counts.col.rf": {"en": "Receptive field", "zh": "感受野"},
    "lab.counts.rf_v1": {"en": "Receptive field v1", "zh": "感受野 v1"},
    "lab.counts.rf_v15": {"en": "Receptive field v1.5", "zh": "感受野 v1.5"},
    "lab.counts.macs_v1": {"en": "MACs v1", "zh": "MACs v1"},
    "lab.counts.macs_v15": {"en": "MACs v1.5", "zh": "MACs v1.5"},
    "lab.counts.v15_claim": {
        "en": "Book 000 says v1.5 lowers the computational complexity. It raises it: {v1} → {v15} GMACs without conv "
        "bias (torchvision's models: the 3.86 and 4.09 usually quoted), {v1b} → {v15b} with the book's Keras biases. A "
        "stride on the 1×1 skips three quarters of the positions before the 3×3; on the 3×3 the 1×1 computes them "
        "all. v1.5's gain is accuracy (+0.5 %, the book).",
        "zh": "教材 000 说 v1.5 降低了计算复杂度。实际上是提高了：不含卷积偏置时（torchvision 的模型：通常引用的 3.86 和 4.09）"
        "从 {v1} 增加到 {v15} GMACs，含教材 Keras 的偏置时从 {v1b} 增加到 {v15b}。把步幅放在 1×1 上，3×3 之前就跳过了"
        "四分之三的位置；放在 3×3 上，1×1 要把所有位置都算一遍。v1.5 的收益是准确率（教材说 +0.5 %）。",
    },
    "lab.counts.s4": {"en": "MACs against FLOPs", "zh": "MACs 与 FLOPs"},
    "lab.counts.s4.text": {
        "en": "A multiply-add (MAC) is one multiplication and one addition: two floating-point operations. Tools and "
        "papers mix the two: ResNet's paper prints \"3.8 × 10⁹ FLOPs\" for ResNet-50, which are multiply-adds.",
        "zh": "一次乘加（MAC）是一次乘法加一次加法：两次浮点运算。工具和论文常把两者混用：ResNet 论文给 ResNet-50 "
        "印的是“3.8 × 10⁹ FLOPs”，其实是乘加次数。",
    },
    "lab.counts.arch": {"en": "Model", "zh": "模型"},
    "lab.counts.paper": {"en": "The paper's \"FLOPs\"", "zh": "论文中的“FLOPs”"},
    "lab.counts.s4.after": {
        "en": "This app counts {macs} G multiply-adds, i.e. {flops} G FLOPs; the paper's {paper} × 10⁹ is close to the "
        "MACs. Compare like with like before comparing networks.",
        "zh": "本工具统计为 {macs} G 次乘加，即 {flops} G FLOPs；论文的 {paper} × 10⁹ 接近的是 MACs。比较网络之前，先确认比较的是同一种量。",
    },
    # --- labs (issue #15): sentences that follow the inputs, and the new lessons -----------------------
    "lab.bn.after_one": {"en": "after 1 step", "zh": "1 步之后"},
    "lab.pool.book_75_odd": {
        "en": "Book 000's 75 % holds for an even size: here ⌊({i} − 2) / 2⌋ + 1 = {o}, so {o}·{o} of {i}·{i} values "
        "are kept and {removed} removed (the last row and column never fit a window).",
        "zh": "教材 000 的 75 % 只对偶数尺寸成立：这里 ⌊({i} − 2) / 2⌋ + 1 = {o}，{i}·{i} 个值中保留 {o}·{o} 个，"
        "去掉 {removed}（最后一行和一列放不进任何窗口）。",
    },
    "lab.pool.book_other": {
        "en": "Book 000's 75 % is for a 2×2 window with stride 2; this {k}×{k} window with stride {s} removes {removed}.",
        "zh": "教材 000 的 75 % 指的是步幅 2 的 2×2 窗口；这里步幅 {s} 的 {k}×{k} 窗口去掉 {removed}。",
    },
    # 13. global average pooling against Flatten + Dense
    "lab.gap.title": {"en": "Global average pooling against Flatten + Dense", "zh": "全局平均池化对比展平 + 全连接"},
    "lab.gap.intro": {
        "en": "A classic CNN flattens its last feature map into dense layers; ResNet averages each map to one number "
        "(global average pooling) and needs one dense layer. Where do the parameters go? Every number below is this "
        "app's analysis of the zoo's models (books 000 §3.4, 004 Fig 5-9).",
        "zh": "经典 CNN 把最后的特征图展平后接全连接层；ResNet 把每个特征图平均成一个数（全局平均池化），只需一个全连接层。"
        "参数都去了哪里？下面每个数字都是本工具对模型库中模型的分析结果（教材 000 §3.4、004 图 5-9）。",
    },
    "lab.gap.s1": {"en": "Where the parameters go", "zh": "参数都去了哪里"},
    "lab.gap.s1.text": {
        "en": "{model} on a {size}×{size} image with {classes} classes: its classifier is its dense layers, the body "
        "everything before them.",
        "zh": "{model}，输入 {size}×{size}，{classes} 个类别：分类器是它的全连接层，主体是这些层之前的一切。",
    },
    "lab.gap.model": {"en": "Model", "zh": "模型"},
    "lab.gap.size": {"en": "Input size", "zh": "输入尺寸"},
    "lab.gap.classes": {"en": "Classes", "zh": "类别数"},
    "lab.gap.total": {"en": "Parameters", "zh": "参数量"},
    "lab.gap.head": {"en": "Classifier (dense layers)", "zh": "分类器（全连接层）"},
    "lab.gap.share": {"en": "Classifier's share", "zh": "分类器所占比例"},
    "lab.gap.col.layer": {"en": "Dense layer", "zh": "全连接层"},
    "lab.gap.col.formula": {"en": "inputs·outputs + outputs", "zh": "输入·输出 + 输出"},
    "lab.gap.col.params": {"en": "Parameters", "zh": "参数量"},
    "lab.gap.fig.models": {"en": "Classifier parameters at {size}×{size}, {classes} classes", "zh": "分类器参数量：{size}×{size}，{classes} 个类别"},
    "lab.gap.s1.after": {
        "en": "VGG-16's classifier holds {vgg} parameters, {vgg_share} of the network; ResNet-50's one dense layer after "
        "global average pooling holds {res}, {res_share}: {ratio} times fewer.",
        "zh": "VGG-16 的分类器有 {vgg} 个参数，占整个网络的 {vgg_share}；ResNet-50 在全局平均池化之后只有一个全连接层，"
        "{res} 个参数，占 {res_share}：少了 {ratio} 倍。",
    },
    "lab.gap.ex.vgg16_total": {"en": "VGG-16, all parameters", "zh": "VGG-16 全部参数"},
    "lab.gap.ex.vgg16_printed": {"en": "VGG-16, the printed summary", "zh": "VGG-16 打印的 summary"},
    "lab.gap.s2": {"en": "Flatten grows with the image, GAP does not", "zh": "展平随图像增大，GAP 不会"},
    "lab.gap.s2.text": {
        "en": "Flatten hands the first dense layer every value of the last map, C·H·W, and H and W grow with the "
        "image. Global average pooling hands it C averages, whatever the image size. The book's VGG-16 (no adaptive "
        "pool) as the image grows:",
        "zh": "展平把最后特征图的每个值（C·H·W 个）都交给第一个全连接层，而 H 和 W 随图像增大。全局平均池化只交给它 C 个平均值，"
        "与图像大小无关。教材的 VGG-16（没有自适应池化）随图像增大时：",
    },
    "lab.gap.flatten": {"en": "Flatten → Dense 4096 → 4096 → classes", "zh": "展平 → 全连接 4096 → 4096 → 类别"},
    "lab.gap.gap": {"en": "GAP → Dense classes", "zh": "GAP → 全连接（类别）"},
    "lab.gap.fig.sweep": {"en": "VGG-16's classifier as the image grows, {classes} classes", "zh": "图像增大时 VGG-16 的分类器，{classes} 个类别"},
    "lab.gap.fig.size": {"en": "Image side (pixels)", "zh": "图像边长（像素）"},
    "lab.gap.flatten_at": {"en": "**Flatten at {size}×{size}:**", "zh": "**{size}×{size} 时展平：**"},
    "lab.gap.gap_at": {"en": "**GAP at {size}×{size}:**", "zh": "**{size}×{size} 时 GAP：**"},
    "lab.gap.adaptive": {
        "en": "torchvision's VGG-16 puts an adaptive average pool to 7×7 before its Flatten, so its classifier keeps "
        "{head} parameters at {size}×{size}, where the book's Keras code has {book}: a pool again decides the size.",
        "zh": "torchvision 的 VGG-16 在展平之前有一个输出 7×7 的自适应平均池化，所以在 {size}×{size} 时它的分类器仍是 "
        "{head} 个参数，而教材的 Keras 代码是 {book} 个：起决定作用的仍是池化。",
    },
    "lab.gap.s3": {"en": "GAP instead of the dense classifier", "zh": "用 GAP 代替全连接分类器"},
    "lab.gap.s3.text": {
        "en": "Keep the body, replace the classifier by global average pooling and one dense layer to the classes "
        "(ResNet's head; book 004: \"global average pooling replaces the fully connected layers\").",
        "zh": "保留主体，把分类器换成全局平均池化加一个通向各类别的全连接层（ResNet 的做法；教材 004：“用全局平均池化取代全连接层”）。",
    },
    "lab.gap.as_built": {"en": "{model} as built", "zh": "{model} 原样"},
    "lab.gap.with_gap": {"en": "With GAP → Dense", "zh": "改为 GAP → 全连接"},
    "lab.gap.saving": {"en": "Fewer parameters", "zh": "参数减少"},
    "lab.gap.s3.after": {
        "en": "Book 004's Fig 5-9 puts the dense layer first, as a 1×1 convolution with {classes} kernels on the {c} "
        "maps, then averages each class map: the same parameters, and the same scores, since averaging and a "
        "linear map commute. Each channel then stands for a class, which is what class activation maps read.",
        "zh": "教材 004 的图 5-9 把全连接层放在前面，做成在 {c} 个特征图上的 {classes} 个 1×1 卷积核，再把每个类别图平均："
        "参数相同，得分也相同，因为求平均与线性映射可以交换次序。这样每个通道都代表一个类别，类激活图读取的正是它。",
    },
    "lab.gap.adaptive_same": {
        "en": "torchvision's VGG-16 puts an adaptive average pool to 7×7 before its Flatten; at {size}×{size} the book's "
        "map is {h}×{w} too, so both classifiers are the same. Change the input size to see them part.",
        "zh": "torchvision 的 VGG-16 在展平之前有一个输出 7×7 的自适应平均池化；在 {size}×{size} 时教材模型的特征图也是 "
        "{h}×{w}，所以两个分类器相同。改变输入尺寸就能看到它们的差别。",
    },
    "lab.gap.already": {
        "en": "{model} already ends in global average pooling over its {c} maps and one dense layer: there is nothing to replace.",
        "zh": "{model} 本来就以对 {c} 个特征图的全局平均池化加一个全连接层结尾：没有什么可替换的。",
    },
    # 14. shifts, flips and checkerboards
    "lab.shift.title": {"en": "Shifts, flips and checkerboards", "zh": "平移、翻转与棋盘格"},
    "lab.shift.intro": {
        "en": "Three properties of the convolution layer: shift the input and the feature map shifts with it "
        "(book 002 §6.1); what libraries call convolution is cross-correlation (book 003); and a transposed "
        "convolution can paint a checkerboard where upsampling and a convolution do not (book 002 §6.1.4).",
        "zh": "卷积层的三个性质：输入平移，特征图随之平移（教材 002 §6.1）；各种库所说的卷积其实是互相关（教材 003）；"
        "转置卷积可能画出棋盘格，而先上采样再卷积不会（教材 002 §6.1.4）。",
    },
    "lab.shift.s1": {"en": "Shift the input, the feature map shifts", "zh": "输入平移，特征图随之平移"},
    "lab.shift.s1.text": {
        "en": "An 8×8 image (illustrative) and a 3×3 kernel with 'same' zero padding. Move the image by (Δrow, Δcolumn) "
        "= ({dy}, {dx}) (positive: down and right): the output of the moved image is the output moved by the same "
        "amount, f(g(x)) = g(f(x)).",
        "zh": "一幅 8×8 的图像（示意）和一个 3×3 卷积核，'same' 补零。把图像移动 (Δ行, Δ列) = ({dy}, {dx})（正数为向下、向右）："
        "移动后图像的输出，就是原输出移动同样的距离，f(g(x)) = g(f(x))。",
    },
    "lab.shift.kernel": {"en": "Kernel", "zh": "卷积核"},
    "lab.shift.kernel.vertical": {"en": "vertical edge", "zh": "竖直边缘"},
    "lab.shift.kernel.diagonal": {"en": "diagonal", "zh": "对角线"},
    "lab.shift.kernel.asymmetric": {"en": "no symmetry", "zh": "不对称"},
    "lab.shift.dy": {"en": "Δrow (down)", "zh": "Δ行（向下）"},
    "lab.shift.dx": {"en": "Δcolumn (right)", "zh": "Δ列（向右）"},
    "lab.shift.fig.x": {"en": "x", "zh": "x"},
    "lab.shift.fig.fx": {"en": "f(x)", "zh": "f(x)"},
    "lab.shift.fig.gx": {"en": "g(x): moved {dy}, {dx}", "zh": "g(x)：移动 {dy}，{dx}"},
    "lab.shift.fig.fgx": {"en": "f(g(x))", "zh": "f(g(x))"},
    "lab.shift.difference": {"en": "Largest |f(g(x)) − g(f(x))|", "zh": "|f(g(x)) − g(f(x))| 的最大值"},
    "lab.shift.s1.after": {
        "en": "The same kernel at every position (parameter sharing) is why: a feature found here is found there. "
        "It holds while nothing crosses the border; pooling with a stride and rescaling break it (book 002 names "
        "scaling, rotation and warping).",
        "zh": "原因是每个位置都用同一个卷积核（参数共享）：在这里找到的特征，换个位置也能找到。只要没有内容越过边界就成立；"
        "带步幅的池化和缩放会破坏它（教材 002 提到缩放、旋转和扭曲）。",
    },
    "lab.shift.s2": {"en": "Convolution or cross-correlation?", "zh": "卷积还是互相关？"},
    "lab.shift.s2.text": {
        "en": "PyTorch's conv2d slides the kernel as it is: a cross-correlation. The convolution of mathematics turns "
        "the kernel by 180° first. Book 003: libraries implement cross-correlation and call it convolution — which "
        "changes nothing for a network, since it learns the kernel either way.",
        "zh": "PyTorch 的 conv2d 按原样滑动卷积核：这是互相关。数学上的卷积要先把卷积核旋转 180°。教材 003："
        "各种库实现的是互相关却称之为卷积——这对网络没有影响，因为卷积核无论如何都是学出来的。",
    },
    "lab.shift.fig.kernel": {"en": "Kernel", "zh": "卷积核"},
    "lab.shift.fig.flipped": {"en": "Turned 180°", "zh": "旋转 180°"},
    "lab.shift.fig.correlation": {"en": "Cross-correlation (conv2d)", "zh": "互相关（conv2d）"},
    "lab.shift.fig.convolution": {"en": "Convolution", "zh": "卷积"},
    "lab.shift.same": {
        "en": "The {kernel} kernel is the same turned by 180°: convolution and cross-correlation agree.",
        "zh": "{kernel}卷积核旋转 180° 后不变：卷积与互相关的结果相同。",
    },
    "lab.shift.negated": {
        "en": "The {kernel} kernel turned by 180° is minus itself: the convolution is minus the cross-correlation.",
        "zh": "{kernel}卷积核旋转 180° 后变为自身的相反数：卷积等于互相关取负。",
    },
    "lab.shift.differ": {
        "en": "This kernel has no symmetry: convolution and cross-correlation give different maps.",
        "zh": "这个卷积核没有对称性：卷积与互相关得到不同的特征图。",
    },
    "lab.shift.s3": {"en": "Transposed convolution: kernel {k}, stride {s}", "zh": "转置卷积：卷积核 {k}，步幅 {s}"},
    "lab.shift.s3.text": {
        "en": "A {n}×{n} input of ones, upsampled by {s}. Left: a transposed convolution with a {k}×{k} kernel of ones and "
        "stride {s}; each number counts the kernel taps that land on that pixel. Right: nearest-neighbour upsampling "
        "by {s}, then a {k}×{k} convolution of ones.",
        "zh": "一个全 1 的 {n}×{n} 输入，放大 {s} 倍。左：卷积核为 {k}×{k} 全 1、步幅 {s} 的转置卷积；每个数字表示落在该像素上的卷积核"
        "采样点个数。右：最近邻上采样 {s} 倍，再做 {k}×{k} 全 1 卷积。",
    },
    "lab.shift.k": {"en": "Kernel k", "zh": "卷积核 k"},
    "lab.shift.s": {"en": "Stride s", "zh": "步幅 s"},
    "lab.shift.fig.transposed": {"en": "Transposed conv {k}×{k}, stride {s}", "zh": "转置卷积 {k}×{k}，步幅 {s}"},
    "lab.shift.fig.resized": {"en": "Upsample ×{s}, then conv {k}×{k}", "zh": "上采样 ×{s}，再卷积 {k}×{k}"},
    "lab.shift.values_transposed": {"en": "Inside, transposed", "zh": "内部取值，转置卷积"},
    "lab.shift.values_resized": {"en": "Inside, upsample + conv", "zh": "内部取值，上采样 + 卷积"},
    "lab.shift.even": {
        "en": "{k} is a multiple of {s}: every inside pixel gets the same number of taps, no checkerboard.",
        "zh": "{k} 是 {s} 的倍数：内部每个像素得到的采样点一样多，没有棋盘格。",
    },
    "lab.shift.uneven": {
        "en": "{k} is not a multiple of {s}: inside pixels get {values} taps — the checkerboard, drawn before any "
        "training. Upsampling then convolving covers every pixel alike.",
        "zh": "{k} 不是 {s} 的倍数：内部像素得到 {values} 个采样点——还没训练就画出了棋盘格。先上采样再卷积则对每个像素一视同仁。",
    },
    "lab.shift.s3.book": {
        "en": "Book 002 §6.1.4 (after Odena et al. 2016): badly chosen transposed-convolution settings cause "
        "checkerboard artefacts; upsampling followed by a convolution removes them.",
        "zh": "教材 002 §6.1.4（引用 Odena 等人 2016）：转置卷积的参数选得不好会产生棋盘格伪影；先上采样再卷积可以消除它们。",
    },
    # 15. where BatchNorm goes: ResNet v1 against v2
    "lab.preact.title": {"en": "Where BatchNorm goes: ResNet v1 against v2", "zh": "批归一化放在哪里：ResNet v1 对比 v2"},
    "lab.preact.intro": {
        "en": "ResNet-50 v1 normalises after each convolution (Conv → BN → ReLU) and applies a ReLU after the add; "
        "v2, pre-activation, normalises before (BN → ReLU → Conv) and leaves the add alone (book 000 §3.4.3: "
        "\"BN-RE-Conv\", \"now common practice\"). The layers and counts are the zoo's two models, the book's Keras code.",
        "zh": "ResNet-50 v1 在每个卷积之后做归一化（卷积 → BN → ReLU），相加之后再接 ReLU；v2（预激活）在卷积之前做归一化"
        "（BN → ReLU → 卷积），相加之后什么也不接（教材 000 §3.4.3：“BN-RE-Conv”，“现在的常见做法”）。层和参数量来自模型库中的这两个模型，即教材的 Keras 代码。",
    },
    "lab.preact.s1": {"en": "The same block, two orders", "zh": "同一个块，两种顺序"},
    "lab.preact.s1.text": {
        "en": "Block {block}, in the order it runs; ⊕ is where the shortcut is added.",
        "zh": "块 {block}，按运行顺序列出；⊕ 是捷径相加的位置。",
    },
    "lab.preact.stage": {"en": "Stage", "zh": "阶段"},
    "lab.preact.kind": {"en": "Block", "zh": "块"},
    "lab.preact.kind.identity": {"en": "identity (second)", "zh": "恒等块（第二个）"},
    "lab.preact.kind.projection": {"en": "projection (first)", "zh": "投影块（第一个）"},
    "lab.preact.computing": {"en": "Analysing the two models…", "zh": "正在分析这两个模型……"},
    "lab.preact.resnet50_v1": {"en": "**v1**: Conv → BN → ReLU, add, ReLU", "zh": "**v1**：卷积 → BN → ReLU，相加，ReLU"},
    "lab.preact.resnet50_v2": {"en": "**v2**: BN → ReLU → Conv, add", "zh": "**v2**：BN → ReLU → 卷积，相加"},
    "lab.preact.col.layer": {"en": "Layer", "zh": "层"},
    "lab.preact.col.type": {"en": "Type", "zh": "类型"},
    "lab.preact.col.output": {"en": "Output", "zh": "输出"},
    "lab.preact.col.params": {"en": "Parameters", "zh": "参数量"},
    "lab.preact.col.part": {"en": "Part", "zh": "部分"},
    "lab.preact.add": {"en": "add the shortcut", "zh": "加上捷径"},
    "lab.preact.params": {"en": "Block parameters, {v}", "zh": "块的参数量，{v}"},
    "lab.preact.bn": {"en": "BN parameters, {v}", "zh": "BN 参数量，{v}"},
    "lab.preact.s1.after": {
        "en": "The convolutions are the same; each BN now normalises the input of its convolution instead of the output, "
        "so it has the channels of that input. In v1 every path from block to block passes a ReLU after the add; in v2 "
        "the shortcut runs from the first block to the last untouched (He et al. 2016: easier to train very deep).",
        "zh": "卷积完全相同；每个 BN 现在归一化的是卷积的输入而不是输出，所以它的通道数是输入的通道数。v1 中块与块之间的每条通路"
        "都要经过相加之后的 ReLU；v2 中捷径从第一个块直通最后一个块，不受任何改变（He 等人 2016：更深也更容易训练）。",
    },
    "lab.preact.s2": {"en": "Same total, BN in other places", "zh": "总数相同，BN 的位置不同"},
    "lab.preact.s2.text": {
        "en": "BatchNorm's parameters (γ, β) by part of each network.",
        "zh": "两个网络中各部分批归一化的参数（γ、β）。",
    },
    "lab.preact.total": {"en": "Parameters, {v}", "zh": "参数量，{v}"},
    "lab.preact.keras": {"en": "Keras's count (both)", "zh": "Keras 的计数（两者）"},
    "lab.preact.s2.after": {
        "en": "v2 has no BN in the stem (v1: {stem}): the first block's pre-activation normalises the stem's output, and "
        "a final BN → ReLU ({post}) normalises the last block's before pooling. BN in all: {v1} in v1, {v2} in v2.",
        "zh": "v2 的主干入口没有 BN（v1：{stem}）：第一个块的预激活会归一化入口的输出，最后的 BN → ReLU（{post}）"
        "在池化之前归一化最后一个块的输出。BN 合计：v1 {v1}，v2 {v2}。",
    },
    # 16. learning-rate schedules and optimisers
    "lab.optim.title": {"en": "Learning-rate schedules and optimisers", "zh": "学习率计划与优化器"},
    "lab.optim.intro": {
        "en": "How the books lower the learning rate, as their text says it and as their code runs it (book 001), "
        "and what SGD, momentum and Adam (book 003) do on the same small problem.",
        "zh": "教材如何降低学习率：正文怎么说、代码怎么跑（教材 001）；以及 SGD、动量和 Adam（教材 003）在同一个小问题上的表现。",
    },
    "lab.optim.s1": {"en": "The books' schedules, text against code", "zh": "教材的学习率计划：正文对比代码"},
    "lab.optim.schedule": {"en": "Schedule", "zh": "学习率计划"},
    "lab.optim.schedule.lenet5": {"en": "LeNet-5 (001)", "zh": "LeNet-5（001）"},
    "lab.optim.schedule.googlenet": {"en": "GoogLeNet (001)", "zh": "GoogLeNet（001）"},
    "lab.optim.schedule.plateau": {"en": "AlexNet / ResNet plateau (001)", "zh": "AlexNet / ResNet 平台期（001）"},
    "lab.optim.epochs": {"en": "Epochs", "zh": "轮数"},
    "lab.optim.code": {"en": "the book's code", "zh": "教材的代码"},
    "lab.optim.fig.epoch": {"en": "Epoch (1 = the first)", "zh": "轮次（1 = 第一轮）"},
    "lab.optim.fig.lr": {"en": "Learning rate", "zh": "学习率"},
    "lab.optim.lenet5.text": {
        "en": "Book 001: \"0.0005 for the first 2 epochs, 0.0002 for the next 3, 0.00005 for the next 4, then "
        "0.00001\". Its code, if epoch <= 2: 5e-4 …, receives Keras's epoch index, which starts at 0.",
        "zh": "教材 001：“前 2 轮 0.0005，接下来 3 轮 0.0002，再 4 轮 0.00005，之后 0.00001”。它的代码 if epoch <= 2: 5e-4 …"
        "接收的是 Keras 的轮次编号，从 0 开始。",
    },
    "lab.optim.lenet5.said": {"en": "the text", "zh": "正文"},
    "lab.optim.lenet5.why": {
        "en": "They differ at epochs {epochs}: epoch <= 2 is true for indices 0, 1 and 2, three epochs, so every step of the code comes one epoch late.",
        "zh": "两者在第 {epochs} 轮不同：epoch <= 2 对编号 0、1、2 都成立，共三轮，所以代码的每一次下调都晚了一轮。",
    },
    "lab.optim.googlenet.text": {
        "en": "Szegedy et al.: \"decreasing the learning rate by 4 % every 8 epochs\". Book 001's code: "
        "0.01 · 0.96^floor((1 + epoch) / 8), epoch from 0.",
        "zh": "Szegedy 等人：“每 8 轮把学习率降低 4 %”。教材 001 的代码：0.01 · 0.96^floor((1 + epoch) / 8)，epoch 从 0 开始。",
    },
    "lab.optim.googlenet.said": {"en": "the paper: every 8 epochs", "zh": "论文：每 8 轮"},
    "lab.optim.googlenet.why": {
        "en": "They differ at epochs {epochs}: the code's 1 + epoch cuts the rate after 7 epochs, then every 8.",
        "zh": "两者在第 {epochs} 轮不同：代码中的 1 + epoch 使第一次下调发生在 7 轮之后，之后每 8 轮一次。",
    },
    "lab.optim.plateau.text": {
        "en": "AlexNet and ResNet divide the learning rate by 10 when the validation error stops improving (001, "
        "after the papers). The book's code: ReduceLROnPlateau(factor=np.sqrt(0.1)). Here a plateau every 10 epochs, from 0.01.",
        "zh": "AlexNet 和 ResNet 在验证误差不再下降时把学习率除以 10（001，依据论文）。教材的代码：ReduceLROnPlateau(factor=np.sqrt(0.1))。"
        "这里假设每 10 轮出现一次平台期，从 0.01 开始。",
    },
    "lab.optim.plateau.said": {"en": "the papers: ÷10", "zh": "论文：÷10"},
    "lab.optim.plateau.why": {
        "en": "They differ from epoch {epochs}: √0.1 ≈ 0.316 divides by 3.16, so two plateaus make the papers' one ÷10.",
        "zh": "从第 {epochs} 轮起两者不同：√0.1 ≈ 0.316 只是除以 3.16，两个平台期才相当于论文的一次 ÷10。",
    },
    "lab.optim.agree": {"en": "Over {n} epochs the text and the code give the same rates.", "zh": "在 {n} 轮之内，正文与代码给出的学习率相同。"},
    "lab.optim.s2": {"en": "SGD, momentum and Adam on one problem", "zh": "同一个问题上的 SGD、动量和 Adam"},
    "lab.optim.s2.text": {
        "en": "Three optimisers from the same start on a function of two numbers, so that every step can be drawn: a "
        "narrow bowl (25 times steeper across than along) or Rosenbrock's banana valley (minimum at (1, 1)).",
        "zh": "三个优化器从同一起点出发，优化一个二元函数，使每一步都能画出来：一个狭长的碗（横向比纵向陡 25 倍），"
        "或 Rosenbrock 的香蕉形山谷（最小值在 (1, 1)）。",
    },
    "lab.optim.fn": {"en": "Function", "zh": "函数"},
    "lab.optim.fn.bowl": {"en": "narrow bowl ½(x² + 25y²)", "zh": "狭长的碗 ½(x² + 25y²)"},
    "lab.optim.fn.rosenbrock": {"en": "Rosenbrock (1 − x)² + 100(y − x²)²", "zh": "Rosenbrock (1 − x)² + 100(y − x²)²"},
    "lab.optim.lr": {"en": "Learning rate (SGD, momentum)", "zh": "学习率（SGD、动量）"},
    "lab.optim.adam_lr": {"en": "Learning rate (Adam)", "zh": "学习率（Adam）"},
    "lab.optim.steps": {"en": "Steps", "zh": "步数"},
    "lab.optim.opt.sgd": {"en": "SGD", "zh": "SGD"},
    "lab.optim.opt.momentum": {"en": "SGD + momentum 0.9", "zh": "SGD + 动量 0.9"},
    "lab.optim.opt.adam": {"en": "Adam", "zh": "Adam"},
    "lab.optim.fig.loss": {"en": "f along the way", "zh": "沿途的 f 值"},
    "lab.optim.fig.step": {"en": "Step", "zh": "步数"},
    "lab.optim.diverged": {"en": "diverged at step {step}", "zh": "第 {step} 步发散"},
    "lab.optim.s2.after": {
        "en": "The numbers are f after {steps} steps on the {fn}, learning rate {lr} (Adam {adam_lr}). Momentum "
        "adds up the steps that agree and cancels the zig-zag across the valley (003: \"a fraction of the previous "
        "update\"); Adam divides each coordinate's step by its own recent gradient size, so its learning rate is "
        "about a step length, not a multiplier of the gradient.",
        "zh": "数字是在{fn}上走 {steps} 步之后的 f 值，学习率 {lr}（Adam 为 {adam_lr}）。动量把方向一致的步子累加起来，"
        "抵消横跨山谷的来回摆动（003：“加上前一步更新的一部分”）；Adam 把每个坐标的步长除以它自己近来的梯度大小，"
        "所以它的学习率近似于步长，而不是梯度的倍数。",
    },
    # 17. overfitting and regularisation
    "lab.overfit.title": {"en": "Overfitting and regularisation", "zh": "过拟合与正则化"},
    "lab.overfit.intro": {
        "en": "A network that learns its training set by heart does worse on images it has not seen. Dropout, weight "
        "decay and augmentation make that harder (books 003 and 001). Trained here, live, in seconds.",
        "zh": "把训练集背下来的网络，在没见过的图像上表现更差。Dropout、权重衰减和数据增强让死记硬背变难（教材 003 与 001）。这里现场训练，只需几秒。",
    },
    "lab.overfit.s1": {"en": "What the books report", "zh": "教材报告了什么"},
    "lab.overfit.s1.text": {
        "en": "Book 003: Model 1 reaches 100 % training accuracy a few epochs before the end of its 20, with 72.1 % on "
        "the test set; Model 4, Model 3 with dropout 0.5 after its two hidden dense layers, \"further improves to "
        "80 %\" (the book's runs, on CIFAR-10). Book 001: AlexNet uses dropout 0.5, data augmentation and weight decay "
        "0.0005 (L2). The sign to look for is the gap between training and validation accuracy.",
        "zh": "教材 003：模型 1 在 20 轮结束前几轮训练准确率就达到 100 %，测试集上为 72.1 %；模型 4（模型 3 在两个隐藏全连接层后"
        "加 0.5 的 dropout）“进一步提高到 80 %”（教材在 CIFAR-10 上的结果）。教材 001：AlexNet 使用 0.5 的 dropout、数据增强和"
        " 0.0005 的权重衰减（L2）。要看的信号是训练准确率与验证准确率之间的差距。",
    },
    "lab.overfit.s2": {"en": "Train with and without", "zh": "带与不带正则化的训练"},
    "lab.overfit.s2.text": {
        "en": "Book 003's Model 3 (seven 3×3 convolutions, two hidden dense layers), narrowed to a quarter of its width "
        "and 128-unit dense layers so that it trains in seconds, by the app's training engine on {samples} embedded "
        "digits at {size}×{size} (validation: {val} others), batches of {batch}, Adam at {lr}. Left: nothing against "
        "overfitting. Right: what you switch on — dropout 0.5 (Model 4), weight decay {decay} (AlexNet's), random "
        "shifts of the images.",
        "zh": "教材 003 的模型 3（七个 3×3 卷积、两个隐藏全连接层），宽度缩为四分之一、全连接层 128 个单元，以便几秒内训练完；"
        "由本工具的训练引擎在 {samples} 张内置数字图像上训练，缩放到 {size}×{size}（验证集：另外 {val} 张），批大小 {batch}，Adam 学习率 {lr}。"
        "左：不做任何防止过拟合的处理。右：你打开的选项——0.5 的 dropout（模型 4）、{decay} 的权重衰减（AlexNet 的设置）、图像随机平移。",
    },
    "lab.overfit.dropout": {"en": "Dropout 0.5", "zh": "Dropout 0.5"},
    "lab.overfit.decay": {"en": "Weight decay", "zh": "权重衰减"},
    "lab.overfit.augment": {"en": "Augmentation", "zh": "数据增强"},
    "lab.overfit.epochs": {"en": "Epochs", "zh": "轮数"},
    "lab.overfit.run": {"en": "Train both", "zh": "训练两个模型"},
    "lab.overfit.training": {"en": "Training…", "zh": "正在训练……"},
    "lab.overfit.press": {
        "en": "Press the button: two short runs, seconds each on a laptop's CPU; the results are kept for everyone on this server.",
        "zh": "请按上面的按钮：两次短训练，在笔记本电脑的 CPU 上各需几秒；结果会保留，供本服务器上的所有人使用。",
    },
    "lab.overfit.base": {"en": "no regularisation", "zh": "无正则化"},
    "lab.overfit.with": {"en": "with {what}", "zh": "使用 {what}"},
    "lab.overfit.nothing": {"en": "nothing (switch something on)", "zh": "无（请打开某个选项）"},
    "lab.overfit.train_acc": {"en": "training", "zh": "训练"},
    "lab.overfit.val_acc": {"en": "validation", "zh": "验证"},
    "lab.overfit.fig": {"en": "Accuracy per epoch", "zh": "每轮的准确率"},
    "lab.overfit.fig.epoch": {"en": "Epoch", "zh": "轮次"},
    "lab.overfit.fig.acc": {"en": "Accuracy (%)", "zh": "准确率（%）"},
    "lab.overfit.m.train": {"en": "Training, {run}", "zh": "训练，{run}"},
    "lab.overfit.m.val": {"en": "Validation, {run}", "zh": "验证，{run}"},
    "lab.overfit.s2.after": {
        "en": "After {epochs} epochs the network without regularisation is {gap} better on its training images than on "
        "new ones (validation {base_val}); with regularisation the gap is {reg_gap} (validation {reg_val}). "
        "Regularisation slows the fit of the training set: in a short run it can cost accuracy before it pays.",
        "zh": "{epochs} 轮之后，无正则化的网络在训练图像上比在新图像上好 {gap}（验证 {base_val}）；使用正则化后差距为 {reg_gap}"
        "（验证 {reg_val}）。正则化会减慢对训练集的拟合：训练时间短时，它可能先损失一些准确率，之后才见成效。",
    },
    # 18. book 003's CIFAR-10 recipe
    "lab.cifar.title": {"en": "Book 003's CIFAR-10 recipe", "zh": "教材 003 的 CIFAR-10 做法"},
    "lab.cifar.intro": {
        "en": "Book 003 trains four VGG-style networks on CIFAR-10 (60,000 32×32 colour images, 10 classes: 50,000 to "
        "train, 10,000 to test) with TensorFlow 1.x: the models, the data preparation, the loop.",
        "zh": "教材 003 用 TensorFlow 1.x 在 CIFAR-10（60,000 张 32×32 彩色图像，10 个类别：50,000 张训练，10,000 张测试）上"
        "训练四个 VGG 风格的网络：模型、数据准备与训练循环。",
    },
    "lab.cifar.s1": {"en": "Deeper, yet fewer parameters", "zh": "更深，参数反而更少"},
    "lab.cifar.s1.text": {
        "en": "Listings 6-11 to 6-14: 3×3 'same' convolutions with ReLU, 2×2 pools, then Flatten → 4096 → 4096 → 10. "
        "The counts are this app's analysis of the zoo's cifar_vgg (the book prints none).",
        "zh": "代码清单 6-11 到 6-14：带 ReLU 的 3×3 'same' 卷积、2×2 池化，然后展平 → 4096 → 4096 → 10。"
        "参数量是本工具对模型库中 cifar_vgg 的分析结果（教材没有给出）。",
    },
    "lab.cifar.col.model": {"en": "Model", "zh": "模型"},
    "lab.cifar.model": {"en": "Model {m}", "zh": "模型 {m}"},
    "lab.cifar.col.convs": {"en": "Convolutions", "zh": "卷积层"},
    "lab.cifar.col.pools": {"en": "Pools", "zh": "池化层"},
    "lab.cifar.col.flatten": {"en": "Flatten", "zh": "展平长度"},
    "lab.cifar.col.conv_params": {"en": "Conv parameters", "zh": "卷积参数"},
    "lab.cifar.col.fc1": {"en": "First dense layer", "zh": "第一个全连接层"},
    "lab.cifar.col.total": {"en": "Parameters", "zh": "参数量"},
    "lab.cifar.col.dropout": {"en": "Dropout", "zh": "Dropout"},
    "lab.cifar.fig": {"en": "Parameters of Models 1–4", "zh": "模型 1–4 的参数量"},
    "lab.cifar.s1.after": {
        "en": "From {convs1} to {convs3} convolutions the network shrinks from {m1} to {m3} parameters: each pool "
        "quarters the map the first dense layer flattens, {fc1} → {fc3} weights there, while the convolutions add "
        "little. In Model 1 that one layer is {share} of the network. The book reports 72.1 % test accuracy for Model 1 "
        "and 80 % for Model 4 (its runs).",
        "zh": "从 {convs1} 个卷积增加到 {convs3} 个，网络却从 {m1} 个参数缩小到 {m3} 个：每个池化把第一个全连接层要展平的特征图"
        "缩小为四分之一，该层的权重从 {fc1} 降到 {fc3}，而卷积增加的很少。在模型 1 中这一层占整个网络的 {share}。"
        "教材报告模型 1 的测试准确率为 72.1 %，模型 4 为 80 %（教材自己的训练结果）。",
    },
    "lab.cifar.s2": {"en": "Preparing the data: the swapaxes bug", "zh": "数据准备：swapaxes 的错误"},
    "lab.cifar.s2.text": {
        "en": "CIFAR-10 stores each image as 3,072 numbers: the red plane, then green, then blue, row by row. The book's "
        "prepare_cifar divides by 255, reshapes to N × 3 × 32 × 32 and calls np.swapaxes(x, 1, 3) for \"channels "
        "last\". Here an illustrative image goes through both:",
        "zh": "CIFAR-10 把每张图像存为 3,072 个数：先红色平面，再绿色，再蓝色，逐行排列。教材的 prepare_cifar 除以 255，"
        "变形为 N × 3 × 32 × 32，再调用 np.swapaxes(x, 1, 3) 得到“通道在后”。这里让一幅示意图像分别走两条路：",
    },
    "lab.cifar.correct": {"en": "transpose(0, 2, 3, 1): H×W×C = {shape}", "zh": "transpose(0, 2, 3, 1)：H×W×C = {shape}"},
    "lab.cifar.book": {"en": "the book's swapaxes(1, 3): W×H×C = {shape}", "zh": "教材的 swapaxes(1, 3)：W×H×C = {shape}"},
    "lab.cifar.transposed": {
        "en": "swapaxes(1, 3) exchanges C with W, leaving H in the middle: N × W × H × C. Every image is transposed — "
        "mirrored along its diagonal, the F on its side. A square image keeps its shape, so nothing fails: the "
        "network learns from transposed images (it does not care), but an image or feature map shown from them is "
        "wrong. transpose(0, 2, 3, 1) is the call that was meant.",
        "zh": "swapaxes(1, 3) 交换的是 C 与 W，H 留在中间：N × W × H × C。每张图像都被转置了——沿对角线翻转，F 侧躺下来。"
        "正方形图像形状不变，所以什么都不会报错：网络照样能从转置后的图像中学习（它并不在乎），但由此显示的图像或特征图是错的。"
        "本意应该是 transpose(0, 2, 3, 1)。",
    },
    "lab.cifar.not_transposed": {"en": "This image is symmetric about its diagonal: the two calls agree.", "zh": "这幅图像关于对角线对称：两种写法结果相同。"},
    "lab.cifar.s3": {"en": "The training loop", "zh": "训练循环"},
    "lab.cifar.s3.text": {
        "en": "Listing 6-8 in PyTorch: shuffle every epoch, forward, loss, backward, step (the companion notebook's SGD with "
        "momentum 0.9, learning rate 0.01, batches of 64).",
        "zh": "代码清单 6-8 的 PyTorch 写法：每轮打乱数据，前向、损失、反向、更新（配套笔记本中的 SGD，动量 0.9，学习率 0.01，批大小 64）。",
    },
    "lab.cifar.epochs": {"en": "Epochs", "zh": "轮数"},
    "lab.cifar.batch": {"en": "Batch size", "zh": "批大小"},
    "lab.cifar.per_epoch": {"en": "Updates per epoch", "zh": "每轮更新次数"},
    "lab.cifar.updates": {"en": "Updates in all", "zh": "总更新次数"},
    "lab.cifar.s3.after": {
        "en": "{epochs} epochs over {images} images in batches of {batch}: {n} updates. The book prints the training "
        "accuracy of the last minibatch only — a noisy number, not the epoch's — and passes training as n_classes "
        "to create_model (its notebook calls create_model(X)).",
        "zh": "{epochs} 轮、{images} 张图像、批大小 {batch}：共 {n} 次更新。教材只打印最后一个小批量的训练准确率——这个数很嘈杂，"
        "并不代表整轮——而且把 training 当作 n_classes 传给了 create_model（它的笔记本中写的是 create_model(X)）。",
    },
    # 19. transfer learning
    "lab.transfer.title": {"en": "Transfer learning: freeze or fine-tune", "zh": "迁移学习：冻结还是微调"},
    "lab.transfer.intro": {
        "en": "Keep a network trained on one task, give it a new top layer for another, and train either that layer "
        "alone (frozen features) or everything (fine-tuning). Book 003: more retrained layers usually means higher "
        "accuracy, but more risk of overfitting.",
        "zh": "保留在一个任务上训练好的网络，为另一个任务换上新的顶层，然后要么只训练这一层（冻结特征），要么全部重新训练（微调）。"
        "教材 003：重新训练的层越多，准确率通常越高，但过拟合的风险也越大。",
    },
    "lab.transfer.s1": {"en": "Digits 0–4, then 5–9 from a few images", "zh": "先学数字 0–4，再用少量图像学 5–9"},
    "lab.transfer.s1.text": {
        "en": "Book 001's LeNet-5 first learns the embedded digits 0–4 ({pre} images, {pre_epochs} epochs). Then the "
        "digits 5–9 from only the labelled images you choose, three ways: from scratch; the first task's layers "
        "frozen, a new last layer trained; the first task's weights fine-tuned, all layers trained. Adam at {lr}; "
        "accuracy on {val} other images of 5–9. All in this process, seeds fixed.",
        "zh": "教材 001 的 LeNet-5 先学习内置数字 0–4（{pre} 张图像，{pre_epochs} 轮）。然后只用你选择的少量带标签图像学习数字 5–9，"
        "三种方式：从头训练；冻结第一个任务的各层，只训练新的最后一层；以第一个任务的权重为起点微调，训练所有层。Adam，学习率 {lr}；"
        "在另外 {val} 张 5–9 的图像上测准确率。全部在本进程内完成，随机种子固定。",
    },
    "lab.transfer.samples": {"en": "Labelled images of 5–9", "zh": "5–9 的带标签图像数"},
    "lab.transfer.epochs": {"en": "Epochs", "zh": "轮数"},
    "lab.transfer.run": {"en": "Train the three", "zh": "训练这三种"},
    "lab.transfer.training": {"en": "Training…", "zh": "正在训练……"},
    "lab.transfer.press": {
        "en": "Press the button: the first task and three short runs take seconds on a laptop's CPU; the results are kept for everyone on this server.",
        "zh": "请按上面的按钮：第一个任务和三次短训练在笔记本电脑的 CPU 上只需几秒；结果会保留，供本服务器上的所有人使用。",
    },
    "lab.transfer.way.scratch": {"en": "from scratch", "zh": "从头训练"},
    "lab.transfer.way.frozen": {"en": "frozen, new last layer", "zh": "冻结，新的最后一层"},
    "lab.transfer.way.finetune": {"en": "fine-tuned", "zh": "微调"},
    "lab.transfer.fig": {"en": "Accuracy on digits 5–9, learnt from {n} images", "zh": "数字 5–9 的准确率，用 {n} 张图像学习"},
    "lab.transfer.fig.epoch": {"en": "Epoch", "zh": "轮次"},
    "lab.transfer.fig.acc": {"en": "Validation accuracy (%)", "zh": "验证准确率（%）"},
    "lab.transfer.col.way": {"en": "Way", "zh": "方式"},
    "lab.transfer.col.trainable": {"en": "Trained parameters / all", "zh": "参与训练的参数 / 全部"},
    "lab.transfer.s1.after": {
        "en": "The first task reached {source} on the digits 0–4. From {n} images of 5–9 the best here is {best}, "
        "{acc}. Features learnt on one set of digits carry over only in part: freezing trains a few hundred "
        "parameters and cannot fix the rest, fine-tuning starts from them and adapts everything. Try fewer images.",
        "zh": "第一个任务在数字 0–4 上达到 {source}。用 {n} 张 5–9 的图像，这里最好的是{best}，{acc}。"
        "在一组数字上学到的特征只能部分迁移：冻结只训练几百个参数，无法修正其余部分；微调以它们为起点，调整所有参数。试试更少的图像。",
    },
    # --- steps (presentation mode: one step per screen) ---
    "learn.more": {"en": "More on this step", "zh": "本步的更多内容"},
}
