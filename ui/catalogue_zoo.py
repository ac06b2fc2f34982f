"""The catalogue's entries for the zoo's declared words and the Compare page's sentences (see ui/i18n.py).

Read through ``ui/zoo_text.py`` and ``ui/compare_text.py``, which find an
entry from the library's declared data: ``hp.<name>`` (a hyperparameter's
title), ``hp.<name>.help[.<tag>]`` (its help, used where the English is the
declared text; ``{what}`` stands for the phrase that ``explorer/zoo/hparams.py``
fills in, each phrase an entry ``hp.<name>.what.<tag>``), ``hp.<name>.choice.<value>``,
``zoo.title.<arch>`` and ``zoo.notes.<tag>`` (found by their English). Every
English here must be the library's text, character for character:
tests/test_i18n_zoo.py walks the registry and says which one changed.

Chinese follows the course books: 卷积, 卷积核, 步幅, 填充, 池化, 感受野, 参数量,
通道, 批归一化, 残差, 捷径, 恒等映射, 投影, 全连接层, 丢弃, 分类数, 宽度倍数.
Quotations of the books stay in English ('21 million'); code names
(use_bias=True, stride_on='1x1') are not translated.
"""

# Sentences that several architectures' notes share, as the library builds them.
_VGG_BOOK = {
    "en": "Every conv is 3×3, stride 1, 'same', with bias and ReLU; every pool 2×2/2 max; then Flatten → Dense 4096 + ReLU "
    "→ Dropout 0.5 → Dense 4096 + ReLU → Dropout 0.5 → Dense classes. There is no adaptive pool: the first dense "
    "layer is sized from input_size (7·7·512 = 25,088 at 224), which is where most of the parameters are. "
    "Ferlitsch §3.3 (file 000) prints the same network without dropout (set dropout to 0; the counts do not change). "
    "The book's softmax output is left to the loss, so the model returns logits. L2 weight decay 5e-4 is mentioned "
    "but, as the book says, not implemented.",
    "zh": "每个卷积都是 3×3、步幅 1、'same'，带偏置和 ReLU；每个池化都是 2×2/2 最大池化；之后是 Flatten → Dense 4096 + ReLU "
    "→ Dropout 0.5 → Dense 4096 + ReLU → Dropout 0.5 → Dense（类别数）。没有自适应池化：第一个全连接层的大小由 input_size "
    "决定（输入 224 时为 7·7·512 = 25,088），大部分参数都在这一层。Ferlitsch §3.3（文件 000）给出了同一个网络，但没有丢弃"
    "（把 dropout 设为 0 即可；参数量不变）。教材的 softmax 输出留给损失函数，所以模型输出 logits。文中提到了 L2 权重衰减 5e-4，"
    "但正如教材所说，并未实现。",
}

_RESNET50_BOOK = {
    "en": "Convs keep Keras' bias (use_bias=True) even before BatchNorm, so PyTorch counts 25,583,592 parameters where "
    "torchvision's bias-free ResNet-50 has 25,557,032; a Keras summary would print 25,636,712 because it also counts "
    "BatchNorm's moving mean and variance (53,120), which PyTorch keeps as buffers. The stem's ZeroPadding2D layers "
    "are kept as modules so the layer table shows 224 → 230 → 112 → 114 → 56. Groups [3, 4, 6, 3] of widths 64, "
    "128, 256, 512 (×4 out), GlobalAveragePooling2D, Dense; the softmax is left to the loss. ⚠ The book calls "
    "projection_block(64, x, strides=(1, 1)) and identity_block(64, x) with the arguments swapped relative to the "
    "definitions (x, n_filters); this model follows the definitions. Elgendy's ResNet-50 listing (file 001, §5.6.3) "
    "is a different, buggy version (no stem padding, AveragePooling2D((1, 1)) as a no-op so Flatten gives 100,352 "
    "features and 123.9M parameters; its bottleneck function adds and returns its input): it is not built here.",
    "zh": "卷积保留 Keras 的偏置（use_bias=True），即使后面紧跟批归一化，所以 PyTorch 计得 25,583,592 个参数，而 torchvision "
    "不带偏置的 ResNet-50 为 25,557,032；Keras 的摘要会打印 25,636,712，因为它还计入了批归一化的滑动均值和方差（53,120），"
    "PyTorch 把它们作为缓冲区保存。主干的 ZeroPadding2D 层作为模块保留，所以层表显示 224 → 230 → 112 → 114 → 56。"
    "各组 [3, 4, 6, 3]，宽度 64、128、256、512（输出 ×4），然后 GlobalAveragePooling2D、Dense；softmax 留给损失函数。"
    "⚠ 教材调用 projection_block(64, x, strides=(1, 1)) 和 identity_block(64, x) 时，参数顺序与定义 (x, n_filters) 相反；"
    "此模型按定义。Elgendy 的 ResNet-50 代码（文件 001，§5.6.3）是另一个有错误的版本（主干没有填充，"
    "AveragePooling2D((1, 1)) 什么也不做，于是 Flatten 得到 100,352 个特征和 123.9M 个参数；其 bottleneck 函数做了相加，"
    "返回的却是输入本身）：这里没有构建它。",
}


def _join(head: dict[str, str], tail: dict[str, str]) -> dict[str, str]:
    return {lang: head[lang] + tail[lang] for lang in ("en", "zh")}


STRINGS: dict[str, dict[str, str]] = {
    # --- hyperparameters' titles (HParam.title) ----------------------------------------------
    "hp.activation": {"en": "Activation", "zh": "激活函数"},
    "hp.aux_logits": {"en": "Aux logits", "zh": "辅助分类器"},
    "hp.batch_norm": {"en": "Batch norm", "zh": "批归一化"},
    "hp.blocks": {"en": "Blocks", "zh": "残差块数"},
    "hp.blocks1": {"en": "Blocks1", "zh": "残差块数（阶段 1）"},
    "hp.blocks2": {"en": "Blocks2", "zh": "残差块数（阶段 2）"},
    "hp.blocks3": {"en": "Blocks3", "zh": "残差块数（阶段 3）"},
    "hp.blocks4": {"en": "Blocks4", "zh": "残差块数（阶段 4）"},
    "hp.c1_padding": {"en": "C1 padding", "zh": "C1 填充"},
    "hp.config": {"en": "Config", "zh": "配置"},
    "hp.conv1_filters": {"en": "Conv1 filters", "zh": "Conv1 卷积核数"},
    "hp.conv2_filters": {"en": "Conv2 filters", "zh": "Conv2 卷积核数"},
    "hp.depth": {"en": "Depth", "zh": "深度"},
    "hp.dropout": {"en": "Dropout", "zh": "丢弃率"},
    "hp.dropout_aux": {"en": "Dropout aux", "zh": "辅助分类器丢弃率"},
    "hp.dummy_projections": {"en": "Dummy projections", "zh": "保留虚设投影"},
    "hp.filters": {"en": "Filters", "zh": "卷积核数"},
    "hp.hidden": {"en": "Hidden", "zh": "隐藏单元数"},
    "hp.in_channels": {"en": "In channels", "zh": "输入通道数"},
    "hp.input_size": {"en": "Input size", "zh": "输入尺寸"},
    "hp.last_group_blocks": {"en": "Last group blocks", "zh": "最后一组残差块数"},
    "hp.model": {"en": "Model", "zh": "模型编号"},
    "hp.num_classes": {"en": "Num classes", "zh": "分类数"},
    "hp.pool": {"en": "Pool", "zh": "池化方式"},
    "hp.pool_size": {"en": "Pool size", "zh": "池化输出尺寸"},
    "hp.shortcut": {"en": "Shortcut", "zh": "捷径连接"},
    "hp.stride": {"en": "Stride", "zh": "步幅"},
    "hp.stride_bug": {"en": "Stride bug", "zh": "复现步幅错误"},
    "hp.stride_on": {"en": "Stride on", "zh": "步幅位置"},
    "hp.transform_input": {"en": "Transform input", "zh": "变换输入"},
    "hp.true_5x5": {"en": "True 5x5", "zh": "真正的 5×5"},
    "hp.width_mult": {"en": "Width mult", "zh": "宽度倍数"},
    "hp.zero_init_residual": {"en": "Zero init residual", "zh": "残差零初始化"},
    # --- hyperparameters' help texts (HParam.help) -------------------------------------------
    "hp.activation.help": {"en": "Non-linearity after each hidden layer.", "zh": "每个隐藏层之后的非线性激活函数。"},
    "hp.aux_logits.help": {
        "en": "Add the two auxiliary classifiers (after 4a and 4d) that the paper trained with; they run in training only.",
        "zh": "加上论文训练时用的两个辅助分类器（在 4a 和 4d 之后）；它们只在训练时运行。",
    },
    "hp.batch_norm.help": {
        "en": "Insert BatchNorm after every convolution (before the activation).",
        "zh": "在每个卷积之后（激活之前）插入批归一化。",
    },
    "hp.batch_norm.help.none_in_book": {
        "en": "Insert BatchNorm after every convolution (the book's code has none).",
        "zh": "在每个卷积之后插入批归一化（教材的代码中没有）。",
    },
    "hp.batch_norm.help.keep": {
        "en": "Keep the BatchNorm layers (off replaces each by an identity).",
        "zh": "保留批归一化层（关闭时每一层都换成恒等映射）。",
    },
    "hp.batch_norm.help.alexnet_book": {
        "en": "Keep the book's BatchNorm layers (after the pools in blocks 1–2, after the ReLUs in 3–5).",
        "zh": "保留教材中的批归一化层（第 1–2 块在池化之后，第 3–5 块在 ReLU 之后）。",
    },
    "hp.batch_norm.help.googlenet_book": {
        "en": "Keep the book's two BatchNorm layers in the stem (where the paper had LRN).",
        "zh": "保留教材在主干中的两个批归一化层（论文在这里用的是 LRN）。",
    },
    "hp.blocks.help": {
        "en": "Residual blocks in each of the four groups (2 is ResNet-18's eight blocks).",
        "zh": "四个组中每组的残差块数（2 即 ResNet-18 的八个残差块）。",
    },
    "hp.blocks1.help": {"en": "Residual blocks in stage 1 (conv2_x, 56×56 at 224).", "zh": "第 1 阶段的残差块数（conv2_x，输入 224 时为 56×56）。"},
    "hp.blocks2.help": {"en": "Residual blocks in stage 2 (conv3_x, 28×28 at 224).", "zh": "第 2 阶段的残差块数（conv3_x，输入 224 时为 28×28）。"},
    "hp.blocks3.help": {"en": "Residual blocks in stage 3 (conv4_x, 14×14 at 224).", "zh": "第 3 阶段的残差块数（conv4_x，输入 224 时为 14×14）。"},
    "hp.blocks4.help": {"en": "Residual blocks in stage 4 (conv5_x, 7×7 at 224).", "zh": "第 4 阶段的残差块数（conv5_x，输入 224 时为 7×7）。"},
    "hp.c1_padding.help": {
        "en": "Padding of C1: the book's 'same' on 28×28, or the 1998 paper's 'valid' (use it with input size 32).",
        "zh": "C1 的填充方式：教材在 28×28 输入上用的 'same'，或 1998 年论文的 'valid'（配合输入尺寸 32 使用）。",
    },
    "hp.config.help": {
        "en": "Column of Table 5.1: A (11 layers), A-LRN, B (13), C (16, with 1×1 convs), D (VGG-16), E (VGG-19).",
        "zh": "表 5.1 的列：A（11 层）、A-LRN、B（13 层）、C（16 层，含 1×1 卷积）、D（VGG-16）、E（VGG-19）。",
    },
    "hp.conv1_filters.help": {"en": "Filters of the first convolution.", "zh": "第一个卷积层的卷积核数。"},
    "hp.conv2_filters.help": {
        "en": "Filters of the second convolution: 50 in the code, 25 in the prose.",
        "zh": "第二个卷积层的卷积核数：代码中为 50，正文中为 25。",
    },
    "hp.depth.help.resnet50_book": {
        "en": "Weight layers: the blocks per group are 26 → [2,2,2,2], 50 → [3,4,6,3], 101 → [3,4,23,3], 152 → [3,8,36,3].",
        "zh": "带权重的层数：每组的残差块数为 26 → [2,2,2,2]、50 → [3,4,6,3]、101 → [3,4,23,3]、152 → [3,8,36,3]。",
    },
    "hp.depth.help.resnet_cifar": {
        "en": "Weighted layers, 6n+2 for n blocks per stage: 20, 32, 44, 56 and 110 are the paper's (1202 too).",
        "zh": "带权重的层数，每个阶段 n 个残差块时为 6n+2：20、32、44、56 和 110 是论文用过的（还有 1202）。",
    },
    "hp.dropout.help": {"en": "Dropout probability in {what} (0 turns it off).", "zh": "{what}的丢弃概率（0 表示不丢弃）。"},
    "hp.dropout.what.classifier": {"en": "the classifier's hidden layers", "zh": "分类器各隐藏层"},
    "hp.dropout.what.final_classifier": {"en": "front of the final classifier", "zh": "最终分类器之前"},
    "hp.dropout.what.output_layer": {"en": "front of the output layer", "zh": "输出层之前"},
    "hp.dropout.what.cifar_vgg": {
        "en": "Model 4's hidden dense layers (Models 1–3 have none)",
        "zh": "模型 4 的隐藏全连接层（模型 1–3 没有丢弃层）",
    },
    "hp.dropout_aux.help": {"en": "Dropout probability in the auxiliary classifiers.", "zh": "辅助分类器中的丢弃概率。"},
    "hp.dummy_projections.help": {
        "en": "Keep the listing's unused 1×1×1×1 ConvBN in every identity block (+3 parameters each, +15 in all).",
        "zh": "在每个恒等块中保留代码清单里未使用的 1×1×1×1 ConvBN（每个 +3 个参数，共 +15）。",
    },
    "hp.filters.help.tiny_vgg": {
        "en": "Filters of every convolution (CNN Explainer uses 10).",
        "zh": "每个卷积层的卷积核数（CNN Explainer 用 10）。",
    },
    "hp.filters.help.convnet_signs": {
        "en": "Filters of the convolution (the book uses 16).",
        "zh": "卷积层的卷积核数（教材用 16）。",
    },
    "hp.hidden.help": {"en": "Units in each of the two hidden dense layers.", "zh": "两个隐藏全连接层各自的单元数。"},
    "hp.hidden.help.one": {"en": "Units in the hidden dense layer.", "zh": "隐藏全连接层的单元数。"},
    "hp.in_channels.help": {
        "en": "Channels of the input image: 1 for grayscale, 3 for RGB.",
        "zh": "输入图像的通道数：灰度图为 1，RGB 为 3。",
    },
    "hp.input_size.help": {
        "en": "Height and width of the (square) input; the classifier's first dense layer is sized from it.",
        "zh": "（正方形）输入的高和宽；分类器第一个全连接层的大小由它决定。",
    },
    "hp.last_group_blocks.help": {
        "en": "Residual blocks after the conv block in the 512-filter group (the printed code lost its loop; "
        "2 gives the book's '21 million' parameters).",
        "zh": "512 个卷积核那一组中卷积块之后的残差块数（印刷的代码丢了循环；2 得到教材所说的 '21 million'，即约 2100 万个参数）。",
    },
    "hp.model.help": {
        "en": "Listing: 1 (two convs), 2 (four), 3 (seven), 4 (seven, with dropout after the hidden dense layers).",
        "zh": "代码清单：1（两个卷积层）、2（四个）、3（七个）、4（七个，隐藏全连接层之后有丢弃）。",
    },
    "hp.num_classes.help": {"en": "Number of output classes (size of the last layer).", "zh": "输出的类别数（最后一层的大小）。"},
    "hp.pool.help": {"en": "Type of the {what}: max or average.", "zh": "{what}的类型：最大池化或平均池化。"},
    "hp.pool.what.downsampling": {"en": "downsampling pools", "zh": "下采样池化层"},
    "hp.pool.what.overlapping": {"en": "overlapping 3×3/2 pools", "zh": "重叠的 3×3/2 池化层"},
    "hp.pool.what.lenet5": {"en": "subsampling layers S2 and S4", "zh": "S2 和 S4 两个下采样层"},
    "hp.pool.what.one_2x2": {"en": "2×2/2 pooling layer", "zh": "2×2/2 池化层"},
    "hp.pool.what.all_2x2": {"en": "2×2/2 pooling layers", "zh": "各 2×2/2 池化层"},
    "hp.pool.what.all_3x3": {"en": "3×3/2 pooling layers", "zh": "各 3×3/2 池化层"},
    "hp.pool.what.after_conv": {"en": "pooling layer after the convolution", "zh": "卷积之后的池化层"},
    "hp.pool_size.help": {
        "en": "Output size of the adaptive average pool before the classifier.",
        "zh": "分类器之前的自适应平均池化的输出尺寸。",
    },
    "hp.shortcut.help": {
        "en": "Shortcut connections: identity, with a 1×1 projection where the shape changes (the paper's option B), "
        "or none at all (the paper's plain network).",
        "zh": "捷径连接：恒等映射，在形状改变处用 1×1 投影（论文的选项 B）；或者完全没有（论文的普通网络）。",
    },
    "hp.shortcut.help.resnet_cifar": {
        "en": "Shortcuts: identity with zero-padding where the shape changes (option A, the paper's CIFAR choice), "
        "identity with a 1×1 projection there (option B), or none at all (a plain network).",
        "zh": "捷径连接：恒等映射，在形状改变处补零（选项 A，论文在 CIFAR 上的选择）；恒等映射，在该处用 1×1 投影（选项 B）；"
        "或者完全没有（普通网络）。",
    },
    "hp.stride.help": {
        "en": "Stride of the convolution: 2 is the book's feature pooling, 1 keeps the size.",
        "zh": "卷积的步幅：2 即教材所说的特征池化，1 保持尺寸不变。",
    },
    "hp.stride_bug.help": {
        "en": "Stride both convs of each conv block by 2 as the book's code does (1×1 final map), instead of only the "
        "first (7×7 final map, as the prose intends).",
        "zh": "像教材代码那样让每个卷积块的两个卷积的步幅都为 2（最终特征图 1×1），而不是只有第一个"
        "（最终特征图 7×7，正文的本意）。",
    },
    "hp.stride_on.help": {
        "en": "Where a bottleneck block downsamples: on the 3×3 conv (v1.5, torchvision) or the first 1×1 (v1, the "
        "paper). Basic blocks have only 3×3 convs and ignore it.",
        "zh": "瓶颈块在哪里下采样：在 3×3 卷积上（v1.5，torchvision），或在第一个 1×1 卷积上（v1，论文）。"
        "基本块只有 3×3 卷积，不受此项影响。",
    },
    "hp.transform_input.help": {
        "en": "Re-normalise an ImageNet-normalised RGB input to the [-1, 1] scaling of torchvision's pretrained weights.",
        "zh": "把按 ImageNet 归一化的 RGB 输入重新归一化到 torchvision 预训练权重所用的 [-1, 1] 范围。",
    },
    "hp.true_5x5.help": {
        "en": "Use the paper's 5×5 kernel in each Inception module's third branch instead of torchvision's 3×3.",
        "zh": "在每个 Inception 模块的第三个分支中使用论文的 5×5 卷积核，而不是 torchvision 的 3×3。",
    },
    "hp.width_mult.help": {
        "en": "Multiplies every layer's channel count (0.5 = half as wide).",
        "zh": "每一层的通道数都乘以这个倍数（0.5 = 宽度减半）。",
    },
    "hp.zero_init_residual.help": {
        "en": "Start each block's last BatchNorm weight at 0, so every block begins as an identity mapping.",
        "zh": "把每个残差块最后一个批归一化的权重初始化为 0，使每个块一开始都是恒等映射。",
    },
    # --- choices that are words (the value stays in URLs; the label is translated) ----------
    "hp.pool.choice.max": {"en": "max", "zh": "最大池化"},
    "hp.pool.choice.avg": {"en": "avg", "zh": "平均池化"},
    "hp.shortcut.choice.identity": {"en": "identity", "zh": "恒等映射"},
    "hp.shortcut.choice.projection": {"en": "projection", "zh": "投影"},
    "hp.shortcut.choice.none": {"en": "none", "zh": "无（普通网络）"},
    "hp.c1_padding.choice.same": {"en": "same", "zh": "same（保持尺寸）"},
    "hp.c1_padding.choice.valid": {"en": "valid", "zh": "valid（不填充）"},
    # --- architectures' titles that hold words ----------------------------------------------
    "zoo.title.resnet_cifar": {"en": "ResNet for CIFAR-10 (6n+2)", "zh": "CIFAR-10 上的 ResNet（6n+2）"},
    "zoo.title.lenet5": {"en": "LeNet-5 (book)", "zh": "LeNet-5（教材）"},
    "zoo.title.convnet_signs": {"en": "ConvNet for sign-language letters", "zh": "手语字母 ConvNet"},
    "zoo.title.alexnet_book": {"en": "AlexNet (book, with BatchNorm)", "zh": "AlexNet（教材，带批归一化）"},
    "zoo.title.vgg16_book": {"en": "VGG-16 (book)", "zh": "VGG-16（教材）"},
    "zoo.title.vgg19_book": {"en": "VGG-19 (book)", "zh": "VGG-19（教材）"},
    "zoo.title.vgg_book": {"en": "VGG, Table 5.1 configurations (book)", "zh": "VGG，表 5.1 的各配置（教材）"},
    "zoo.title.googlenet_book": {"en": "GoogLeNet (book)", "zh": "GoogLeNet（教材）"},
    "zoo.title.resnet_procedural": {"en": "ResNet, procedural 'ResNet34' (book)", "zh": "ResNet，过程式 'ResNet34'（教材）"},
    "zoo.title.resnet50_v1": {"en": "ResNet-50 v1 (book)", "zh": "ResNet-50 v1（教材）"},
    "zoo.title.resnet50_v1_5": {"en": "ResNet-50 v1.5 (book)", "zh": "ResNet-50 v1.5（教材）"},
    "zoo.title.resnet50_v2": {"en": "ResNet-50 v2, pre-activation (book)", "zh": "ResNet-50 v2，预激活（教材）"},
    "zoo.title.resnet18_s4tf": {"en": "ResNet-18 (Swift for TensorFlow book)", "zh": "ResNet-18（Swift for TensorFlow 教材）"},
    "zoo.title.cifar_cnn": {"en": "CNN with two convolution layers (CIFAR-10)", "zh": "两个卷积层的 CNN（CIFAR-10）"},
    "zoo.title.cifar_vgg": {"en": "VGG-style CNNs, Models 1–4 (CIFAR-10)", "zh": "VGG 风格的 CNN，模型 1–4（CIFAR-10）"},
    # --- notes: how each model differs from its paper or book (Architecture.notes) ----------
    "zoo.notes.alexnet": {
        "en": "torchvision's single-GPU AlexNet from 'One weird trick' (2014): 64-192-384-256-256 channels instead of "
        "the 2012 paper's 96-256-384-384-256, no local response normalisation, and an adaptive 6×6 average pool "
        "before the classifier.",
        "zh": "torchvision 的单 GPU AlexNet，出自 'One weird trick'（2014）：通道数为 64-192-384-256-256，而不是 2012 年论文的 "
        "96-256-384-384-256；没有局部响应归一化；分类器之前有一个自适应 6×6 平均池化。",
    },
    "zoo.notes.resnet_basic": {
        "en": "Shortcuts that change shape are 1×1 projections (the paper's option B); the paper's Table 2 comparison with "
        "plain networks used zero-padding (option A) instead.",
        "zh": "改变形状的捷径是 1×1 投影（论文的选项 B）；论文表 2 中与普通网络的对比用的则是补零（选项 A）。",
    },
    "zoo.notes.resnet_bottleneck": {
        "en": "torchvision's ResNet v1.5: a downsampling bottleneck strides its 3×3 conv, not the first 1×1 as in the "
        "paper (stride_on='1x1' gives the paper's v1). Shortcuts that change shape are 1×1 projections (option B).",
        "zh": "torchvision 的 ResNet v1.5：下采样的瓶颈块在 3×3 卷积上设步幅，而不是像论文那样在第一个 1×1 卷积上"
        "（stride_on='1x1' 即论文的 v1）。改变形状的捷径是 1×1 投影（选项 B）。",
    },
    "zoo.notes.googlenet": {
        "en": "Follows torchvision's port of the TensorFlow weights: the '5×5' branch uses a 3×3 kernel (kept for "
        "checkpoint compatibility; true_5x5 gives the paper's), BatchNorm follows every convolution and there is no "
        "local response normalisation, maxpool4 is 2×2/2 instead of 3×3/2, and the auxiliary heads pool adaptively "
        "to 4×4. torchvision's pretrained weights expect transform_input=True.",
        "zh": "沿用 torchvision 对 TensorFlow 权重的移植：'5×5' 分支用的是 3×3 卷积核（为兼容检查点而保留；true_5x5 "
        "给出论文的 5×5），每个卷积之后都有批归一化，没有局部响应归一化，maxpool4 是 2×2/2 而不是 3×3/2，辅助分类头"
        "自适应地池化到 4×4。torchvision 的预训练权重需要 transform_input=True。",
    },
    "zoo.notes.resnet_cifar": {
        "en": "The paper's option A shortcut is built from standard modules: a 1×1 average pool with stride 2 (which "
        "takes every second pixel) followed by zero-padding the new channels, split evenly before and after.",
        "zh": "论文的选项 A 捷径由标准模块搭成：一个步幅为 2 的 1×1 平均池化（相当于每隔一个像素取一个），"
        "然后为新增的通道补零，前后各补一半。",
    },
    "zoo.notes.lenet5": {
        "en": "The book's Keras code: C1 6@5×5 'same' tanh, S2 2×2/2 average pool, C3 16@5×5 valid tanh, S4, "
        "C5 120@5×5 valid tanh, flatten, FC6 84 tanh, FC7 10; 61,706 parameters as the book says "
        "(156 / 2,416 / 48,120 / 10,164 / 850). It returns logits: the book's softmax output belongs in the loss. "
        "⚠ Fig 5.4's caption speaks of 'three FC layers of 120, 84 and 10 neurons' while the text counts "
        "3 conv + 2 FC layers: C5 is a 5×5 conv on a 5×5 map, which is the same thing as a 120-unit dense layer. "
        "Differences from the 1998 paper, which the book does not mention: the paper feeds 32×32 with a 'valid' C1 "
        "(c1_padding='valid', input size 32 gives the same 28×28×6), its S-layers are trainable subsampling "
        "(a coefficient and a bias per map), C3 uses a sparse connection table, and the output uses RBF units.",
        "zh": "教材的 Keras 代码：C1 6@5×5 'same' tanh，S2 2×2/2 平均池化，C3 16@5×5 valid tanh，S4，"
        "C5 120@5×5 valid tanh，展平，FC6 84 tanh，FC7 10；共 61,706 个参数，与教材所说一致"
        "（156 / 2,416 / 48,120 / 10,164 / 850）。模型输出 logits：教材的 softmax 输出应放在损失函数里。"
        "⚠ 图 5.4 的图注说 'three FC layers of 120, 84 and 10 neurons'（三个全连接层，分别有 120、84、10 个神经元），"
        "正文却数作 3 个卷积层 + 2 个全连接层：C5 是在 5×5 特征图上做的 5×5 卷积，与 120 个单元的全连接层是一回事。"
        "与 1998 年论文的区别（教材没有提到）：论文输入 32×32，C1 为 'valid'（c1_padding='valid'、输入尺寸 32 "
        "得到同样的 28×28×6）；论文的 S 层是可训练的下采样（每张特征图一个系数和一个偏置）；C3 使用稀疏连接表；"
        "输出层使用 RBF 单元。",
    },
    "zoo.notes.convnet_signs": {
        "en": "The §3.2 code: 128×128 grayscale → Conv2D 16@3×3 stride 2 'same' + ReLU (64×64×16) → "
        "MaxPooling 2×2/2 (32×32×16) → Flatten (16,384) → Dense 512 + ReLU → Dense 26. The parameter counts "
        "match the book's printed summary (160 / 8,389,120 / 13,338, total 8,402,618): the 512-unit dense layer "
        "holds almost all of them. The book's final Activation('softmax') is left to the loss, so the model returns "
        "logits. 'same' with stride 2 is done by symmetric zero padding of 1, which gives Keras' 64×64; "
        "⚠ the text describes padding as 'zero or the same value as the last column', but Keras 'same' pads with "
        "zeros. batch_norm inserts BatchNorm between the conv and its ReLU, as in the §3.4.2 snippet.",
        "zh": "§3.2 的代码：128×128 灰度图 → Conv2D 16@3×3 步幅 2 'same' + ReLU（64×64×16）→ "
        "MaxPooling 2×2/2（32×32×16）→ Flatten（16,384）→ Dense 512 + ReLU → Dense 26。参数量与教材打印的摘要一致"
        "（160 / 8,389,120 / 13,338，共 8,402,618）：几乎全部参数都在 512 个单元的全连接层里。教材最后的 "
        "Activation('softmax') 留给损失函数，所以模型输出 logits。步幅为 2 的 'same' 通过对称地补 1 圈零实现，"
        "得到与 Keras 相同的 64×64；⚠ 正文把填充说成 'zero or the same value as the last column'（补零或补最后一列的值），"
        "但 Keras 的 'same' 只补零。batch_norm 在卷积与其 ReLU 之间插入批归一化，与 §3.4.2 的代码片段一致。",
    },
    "zoo.notes.alexnet_book": {
        "en": "The book's Keras code, not the 2012 paper: one tower (no 2-GPU grouped convs), and BatchNorm in place "
        "of local response normalisation, placed exactly in the book's order: conv → ReLU → pool → BN in blocks "
        "1–2, conv → ReLU → BN in blocks 3–4, conv → ReLU → BN → pool in block 5 (the paper normalised before "
        "pooling). Shapes 55×55×96 → 27×27×96 → 27×27×256 → 13×13×256 → 13×13×384 → 13×13×384 → 13×13×256 → "
        "6×6×256 → 9,216. PyTorch counts 62,381,096 parameters, the book's 'Trainable params'; its 'Total params' "
        "62,383,848 also counts BN's moving mean and variance (2,752), which PyTorch keeps as buffers. "
        "The paper's grouped AlexNet has 60,965,224 (its '60 million'). The input is 227×227 because, as the book "
        "says, the paper's 224 does not give (227 − 11)/4 + 1 = 55. The book's l2(0.0005) kernel regularizer on "
        "conv2–5 is a training setting (weight decay), not a layer. The softmax output is left to the loss. "
        "⚠ The text's '6.5 million neurons' is a translation error for the paper's 650,000, and its flow string "
        "ends in 'SOFTMAX7' where the numbering reaches 11.",
        "zh": "教材的 Keras 代码，而不是 2012 年的论文：单路（没有双 GPU 的分组卷积），用批归一化代替局部响应归一化，"
        "并严格按教材的顺序放置：第 1–2 块为卷积 → ReLU → 池化 → BN，第 3–4 块为卷积 → ReLU → BN，第 5 块为"
        "卷积 → ReLU → BN → 池化（论文在池化之前做归一化）。形状 55×55×96 → 27×27×96 → 27×27×256 → 13×13×256 → "
        "13×13×384 → 13×13×384 → 13×13×256 → 6×6×256 → 9,216。PyTorch 计得 62,381,096 个参数，即教材的 "
        "'Trainable params'；教材的 'Total params' 62,383,848 还计入了 BN 的滑动均值和方差（2,752），PyTorch "
        "把它们作为缓冲区保存。论文的分组 AlexNet 有 60,965,224 个参数（即论文的 '60 million'）。输入为 227×227，"
        "因为正如教材所说，论文的 224 得不到 (227 − 11)/4 + 1 = 55。教材在 conv2–5 上的 l2(0.0005) 卷积核正则化是"
        "训练设置（权重衰减），不是一层。softmax 输出留给损失函数。⚠ 正文的 '6.5 million neurons'（650 万个神经元）"
        "是论文 650,000 的翻译错误；其流程字符串以 'SOFTMAX7' 结尾，而编号其实排到了 11。",
    },
    "zoo.notes.tiny_vgg": {
        "en": "CNN Explainer's TinyVGG, trained there on 10 Tiny ImageNet classes at 64×64: two blocks of two 3×3 "
        "'valid' convs with 10 filters and ReLU, each block ending in a 2×2/2 max pool (64 → 62 → 60 → 30 → 28 → 26 "
        "→ 13), flatten (13·13·10 = 1,690), one dense output layer. 19,920 parameters: 280 + 910 + 910 + 910 for the "
        "convs, 16,910 for the dense layer. Returns logits (CNN Explainer shows the softmax separately).",
        "zh": "CNN Explainer 的 TinyVGG，在那里用 64×64 的 10 类 Tiny ImageNet 训练：两个块，每块两个 3×3 'valid' 卷积，"
        "各 10 个卷积核，带 ReLU，每块以 2×2/2 最大池化结束（64 → 62 → 60 → 30 → 28 → 26 → 13），展平"
        "（13·13·10 = 1,690），一个全连接输出层。共 19,920 个参数：卷积层 280 + 910 + 910 + 910，全连接层 16,910。"
        "输出 logits（CNN Explainer 单独展示 softmax）。",
    },
    "zoo.notes.vgg16_book": _join(
        {
            "en": "Configuration D: 13 convs in blocks of 2×64, 2×128, 3×256, 3×512, 3×512, plus 3 dense layers; "
            "138,357,544 parameters as printed in the book. ",
            "zh": "配置 D：13 个卷积层，分块为 2×64、2×128、3×256、3×512、3×512，另加 3 个全连接层；共 138,357,544 个参数，"
            "与教材印出的一致。",
        },
        _VGG_BOOK,
    ),
    "zoo.notes.vgg19_book": _join(
        {
            "en": "Configuration E: VGG-16 with a fourth conv in blocks 3, 4 and 5; 143,667,240 parameters. "
            "⚠ The text says VGG19 has 'over 144 million' parameters: it has slightly fewer (Table 5.1 rounds to 144). ",
            "zh": "配置 E：在 VGG-16 的第 3、4、5 块中各加第四个卷积；共 143,667,240 个参数。"
            "⚠ 正文说 VGG19 有 'over 144 million'（超过 1.44 亿）个参数：实际略少（表 5.1 四舍五入为 144）。",
        },
        _VGG_BOOK,
    ),
    "zoo.notes.vgg_book": _join(
        {
            "en": "The six columns of Table 5.1, whose figure (Fig 5.9) is not reproduced in the text; the layer lists are "
            "the VGG paper's Table 1. Parameters at 224 with 1000 classes: A 132,863,336; A-LRN 132,863,336 (LRN, after "
            "the first conv, has none); B 133,047,848; C 133,638,952 (a 1×1 conv as the third conv of blocks 3–5); "
            "D 138,357,544; E 143,667,240, which round to the table's 133 / 133 / 133 / 134 / 138 / 144 million. ",
            "zh": "表 5.1 的六列，其对应的图（图 5.9）正文中没有给出；各层列表取自 VGG 论文的表 1。输入 224、1000 类时的"
            "参数量：A 132,863,336；A-LRN 132,863,336（第一个卷积之后的 LRN 没有参数）；B 133,047,848；C 133,638,952"
            "（第 3–5 块的第三个卷积是 1×1 卷积）；D 138,357,544；E 143,667,240，四舍五入即表中的 "
            "133 / 133 / 133 / 134 / 138 / 144 百万。",
        },
        _VGG_BOOK,
    ),
    "zoo.notes.googlenet_book": {
        "en": "The book's Keras code: part A conv 7×7/2 'same' → max pool 3×3/2 'same' → BN → conv 1×1 64 → conv 3×3 192 "
        "→ BN → max pool; part B the nine inception modules of Table 5.2 (3a 256, 3b 480, pool, 4a 512 … 4e 832, pool, "
        "5a 832, 5b 1024 channels); part C AveragePooling2D 7×7 'valid', Dropout 0.4, Dense. Every conv has a bias "
        "(initialised to 0.2 as in the book) and a ReLU. 10 classes as in the book's Dense(10): 5,984,314 PyTorch "
        "parameters (a Keras summary adds the two BN layers' moving statistics, 512, for 5,984,826); with 1000 classes "
        "6,999,064. Per module: 163,696 / 388,736 / 376,176 / 449,160 / 510,104 / 605,376 / 868,352 / 1,043,456 / "
        "1,444,080. Errata: ⚠ the book's code has no Flatten before the Dense, so Keras would output (None, 1, 1, 10); "
        "a Flatten is added. ⚠ The text says part B is '2 modules + pool + 5 + pool + 5': it is 2 + 5 + 2 = 9. "
        "⚠ '12× fewer parameters, from 138 million to 13 million': the paper says 12× fewer than AlexNet; the main "
        "network has ≈7.0M at 1000 classes (≈13.4M with the two auxiliary classifiers, which the book never mentions "
        "and which are not built). ⚠ The input comment says 24×24×3 for 224×224×3. BN replaces the paper's LRN, as "
        "the book says. torchvision's googlenet (6,624,904) is not comparable: it uses BN, no bias and a 3×3 in "
        "branch 3. The softmax output is left to the loss.",
        "zh": "教材的 Keras 代码：A 部分为卷积 7×7/2 'same' → 最大池化 3×3/2 'same' → BN → 卷积 1×1 64 → 卷积 3×3 192 "
        "→ BN → 最大池化；B 部分为表 5.2 的九个 Inception 模块（3a 256、3b 480、池化、4a 512 … 4e 832、池化、"
        "5a 832、5b 1024 个通道）；C 部分为 AveragePooling2D 7×7 'valid'、Dropout 0.4、Dense。每个卷积都有偏置"
        "（按教材初始化为 0.2）和 ReLU。按教材的 Dense(10) 取 10 类：PyTorch 计得 5,984,314 个参数（Keras 的摘要"
        "会再加上两个 BN 层的滑动统计量 512 个，共 5,984,826）；1000 类时为 6,999,064。各模块：163,696 / 388,736 / "
        "376,176 / 449,160 / 510,104 / 605,376 / 868,352 / 1,043,456 / 1,444,080。勘误：⚠ 教材的代码在 Dense "
        "之前没有 Flatten，Keras 会输出 (None, 1, 1, 10)；这里加了一个 Flatten。⚠ 正文说 B 部分是 "
        "'2 modules + pool + 5 + pool + 5'：实际是 2 + 5 + 2 = 9。⚠ '12× fewer parameters, from 138 million to "
        "13 million'：论文说的是参数量比 AlexNet 少 12 倍；主网络在 1000 类时约 7.0M 个参数（加上两个辅助分类器约 "
        "13.4M；教材从未提到辅助分类器，这里也没有构建）。⚠ 输入的注释把 224×224×3 写成了 24×24×3。正如教材所说，"
        "BN 取代了论文的 LRN。torchvision 的 googlenet（6,624,904）不可直接比较：它用 BN、不带偏置，第 3 个分支"
        "用 3×3。softmax 输出留给损失函数。",
    },
    "zoo.notes.resnet_procedural": {
        "en": "The §3.4 procedural code: Conv2D 64@7×7/2 'same' + ReLU, MaxPool 3×3/2 'same'; groups of 64 (2 residual "
        "blocks), 128 (conv block + 3), 256 (conv block + 5), 512 (conv block + 2); GlobalAveragePooling2D; Dense. "
        "A residual block is two 3×3 'same' convs with ReLU and then the add: the ReLU comes before the add, there is "
        "none after it and no BatchNorm (the 2015 paper does conv-BN-ReLU-conv-BN, add, ReLU). A conv block is two "
        "3×3 convs that double the filters, without a shortcut. 21,542,376 parameters, the book's '21 million' "
        "(16,822,760 with one block in the last group, 26,261,992 with three). Errata encoded as toggles: ⚠ the "
        "printed conv_block strides *both* convs by 2, so each group shrinks the maps 16× instead of the stated 75% "
        "(56 → 14 → 4 → 1 at 224 instead of 56/28/14/7): stride_bug=True reproduces it, the default follows the "
        "prose. ⚠ The line `for _ in range(2):` is missing before the last residual_block (an IndentationError as "
        "printed); last_group_blocks=2 matches the 21 million. ⚠ It is not a ResNet-34: it has 32 weight layers "
        "(ResNet-34 is [3, 4, 6, 3] blocks with projection shortcuts, BN and a ReLU after the add; torchvision's has "
        "21,797,672 parameters). ⚠ 'Six times faster than VGG16' is the parameter ratio (138M / 21M); in "
        "multiply-adds it is about 4.2× (15.5 vs 3.6 G). The book's softmax output is left to the loss.",
        "zh": "§3.4 的过程式代码：Conv2D 64@7×7/2 'same' + ReLU，MaxPool 3×3/2 'same'；各组为 64（2 个残差块）、"
        "128（卷积块 + 3）、256（卷积块 + 5）、512（卷积块 + 2）；GlobalAveragePooling2D；Dense。一个残差块是两个带 "
        "ReLU 的 3×3 'same' 卷积，然后相加：ReLU 在相加之前，相加之后没有 ReLU，也没有批归一化（2015 年论文的顺序是"
        "卷积-BN-ReLU-卷积-BN、相加、ReLU）。一个卷积块是两个把卷积核数加倍的 3×3 卷积，没有捷径连接。共 "
        "21,542,376 个参数，即教材的 '21 million'（最后一组 1 个块时为 16,822,760，3 个块时为 26,261,992）。"
        "以开关形式保留的勘误：⚠ 印出的 conv_block 让*两个*卷积的步幅都为 2，于是每组把特征图缩小为 1/16，而不是文中"
        "所说的缩小 75%（输入 224 时为 56 → 14 → 4 → 1，而不是 56/28/14/7）：stride_bug=True 复现这一错误，默认按正文。"
        "⚠ 最后一个 residual_block 之前缺了 `for _ in range(2):` 这一行（照印出的样子会引发 IndentationError）；"
        "last_group_blocks=2 对应 21 million。⚠ 它不是 ResNet-34：它有 32 个带权重的层（ResNet-34 是 "
        "[3, 4, 6, 3] 个块，带投影捷径、BN，且相加之后有 ReLU；torchvision 的版本有 21,797,672 个参数）。"
        "⚠ 'Six times faster than VGG16' 其实是参数量之比（138M / 21M）；按乘加次数约为 4.2 倍（15.5 对 3.6 G）。"
        "教材的 softmax 输出留给损失函数。",
    },
    "zoo.notes.resnet50_v1": _join(
        {
            "en": "v1: a projection block downsamples with its first 1×1 conv (stride 2) and its shortcut 1×1 conv + BN; "
            "conv → BN → ReLU inside the blocks and a ReLU after the add. This is keras.applications' ResNet50. ",
            "zh": "v1：投影块用它的第一个 1×1 卷积（步幅 2）和捷径上的 1×1 卷积 + BN 下采样；块内为卷积 → BN → ReLU，"
            "相加之后有 ReLU。这就是 keras.applications 的 ResNet50。",
        },
        _RESNET50_BOOK,
    ),
    "zoo.notes.resnet50_v1_5": _join(
        {
            "en": "v1.5: as v1, but a projection block strides its 3×3 conv instead of the first 1×1 (torchvision's "
            "layout); the parameters are the same as v1. ⚠ The heading before the code says 'v1' but the code is v1.5. "
            "⚠ The text says moving the stride lowers the computational cost; it raises it (about 4.09 vs 3.86 G "
            "multiply-adds at 224, because the 3×3 now sees the full-size map); the gain is the ~0.5% ImageNet "
            "accuracy the book quotes. ",
            "zh": "v1.5：与 v1 相同，但投影块在 3×3 卷积上设步幅，而不是在第一个 1×1 上（torchvision 的布局）；参数与 v1 "
            "相同。⚠ 代码前的标题写的是 'v1'，代码却是 v1.5。⚠ 正文说移动步幅会降低计算量；实际上会提高（输入 224 时"
            "约 4.09 对 3.86 G 次乘加，因为 3×3 现在看到的是全尺寸的特征图）；收益是教材引用的约 0.5% 的 ImageNet 准确率。",
        },
        _RESNET50_BOOK,
    ),
    "zoo.notes.resnet50_v2": _join(
        {
            "en": "v2 puts BatchNorm and ReLU before each conv ('BN-RE-Conv') and drops the ReLU after the add. The book "
            "prints only the v2 identity block (BN → ReLU → 1×1 → BN → ReLU → 3×3 → BN → ReLU → 1×1, add); it gives no "
            "v2 stem, projection block or head. This build completes it with the pre-activation design of He et al. "
            "2016, 'Identity Mappings in Deep Residual Networks' (the code released with it): the stem conv has no BN "
            "or ReLU (the first block's pre-activation normalises its output); a projection block applies BN → ReLU to "
            "its input once and feeds the result to both paths; a final BN → ReLU (post_bn, post_relu) normalises the "
            "last sum before global pooling. Two choices are this build's own: the projection shortcut is a strided "
            "1×1 conv + BN like v1's (He et al.'s has no BN), and the stride sits on the 3×3 as in v1.5 and the book "
            "author's v2 code (He et al. stride the first 1×1). Why: with that shortcut BN, v2 has exactly v1's "
            "BatchNorm channels. Per group a projection block trades v1's n + n + 4n + 4n for in + n + n + 4n "
            "(−1,984 channels over the four groups), the stem loses 64 and post_bn adds 2,048, so the three versions "
            "share 25,583,592 parameters (Keras total 25,636,712) and differ only in where BN, ReLU and the stride sit; "
            "without the shortcut BN it would be 25,575,912. keras.applications' ResNet50V2 differs again (no shortcut "
            "BN, the stride in each group's last block, bias-free convs inside the blocks). ",
            "zh": "v2 把批归一化和 ReLU 放在每个卷积之前（'BN-RE-Conv'），并去掉相加之后的 ReLU。教材只印出了 v2 的恒等块"
            "（BN → ReLU → 1×1 → BN → ReLU → 3×3 → BN → ReLU → 1×1，相加），没有给出 v2 的主干、投影块和输出头。这里按 "
            "He 等人 2016 年的预激活设计补全（'Identity Mappings in Deep Residual Networks' 及其发布的代码）：主干卷积"
            "之后没有 BN 和 ReLU（由第一个块的预激活对其输出做归一化）；投影块对输入做一次 BN → ReLU，再把结果送入两条"
            "路径；最后的 BN → ReLU（post_bn、post_relu）在全局池化之前对最后的和做归一化。有两处是本实现自己的选择："
            "投影捷径像 v1 一样是带步幅的 1×1 卷积 + BN（He 等人的没有 BN）；步幅放在 3×3 上，与 v1.5 及教材作者的 v2 "
            "代码一致（He 等人放在第一个 1×1 上）。原因：有了捷径上的 BN，v2 的批归一化通道数与 v1 完全相同。每组中，"
            "投影块把 v1 的 n + n + 4n + 4n 换成 in + n + n + 4n（四组共 −1,984 个通道），主干少 64 个，post_bn 多 "
            "2,048 个，因此三个版本的参数量都是 25,583,592（Keras 总数 25,636,712），区别只在 BN、ReLU 和步幅的位置；"
            "去掉捷径上的 BN 则为 25,575,912。keras.applications 的 ResNet50V2 又有不同（捷径上没有 BN，步幅在每组的"
            "最后一个块，块内卷积不带偏置）。",
        },
        _RESNET50_BOOK,
    ),
    "zoo.notes.resnet18_s4tf": {
        "en": "The listing's ResNet18(classCount: 10): bias-free ConvBN (conv + BatchNorm, no activation), stem ConvBN "
        "7×7/2 → ReLU → max pool 3×3/2 'same', eight residual blocks 64, 64, 128, 128, 256, 256, 512, 512 whose "
        "first block in a group strides by 2 and projects the shortcut with a 1×1/2 ConvBN, global average pool, "
        "flatten, Dense 10 giving logits. 11,181,642 parameters, the same as torchvision's resnet18(num_classes=10). "
        "Errata: ⚠ the listing's identity blocks also build a ConvBN((1,1,1,1)) projection that is never used; "
        "it adds 3 parameters each, 11,181,657 in all with dummy_projections=True. ⚠ callAsFunction calls "
        "initialConvBN and maxPool, which do not exist (the property is initialConvBNBlock, and its Sequential has "
        "no ReLU between BN and the pool); this model follows the text: conv + BN, ReLU, then max pool. "
        "⚠ BatchNorm momentum 0.1 means new = 0.1·old + 0.9·batch in S4TF (PyTorch momentum 0.9); the author almost "
        "certainly meant PyTorch's default, which this model uses (momentum 0.1, eps 1e-5). ⚠ 'ResNet18 has 18 "
        "convolutional layers': it has 17 convs + 1 dense (20 convs with the three projections). ⚠ The input is "
        "said to be CIFAR-10 32×32, Fig 6-9 shows 224×224 and the code loads Imagenette at 320; the default here is "
        "224 (at 32 the last group's map is 1×1). 'Same' padding is symmetric; TF pads the odd pixel bottom/right, "
        "which gives the same sizes.",
        "zh": "代码清单中的 ResNet18(classCount: 10)：不带偏置的 ConvBN（卷积 + 批归一化，无激活），主干 ConvBN 7×7/2 → "
        "ReLU → 最大池化 3×3/2 'same'，八个残差块 64、64、128、128、256、256、512、512，每组第一个块步幅为 2，"
        "并用 1×1/2 ConvBN 对捷径做投影，然后全局平均池化、展平、Dense 10 输出 logits。共 11,181,642 个参数，与 "
        "torchvision 的 resnet18(num_classes=10) 相同。勘误：⚠ 代码清单的恒等块还构建了一个从未使用的 "
        "ConvBN((1,1,1,1)) 投影；每个多 3 个参数，dummy_projections=True 时共 11,181,657。⚠ callAsFunction 调用了"
        "并不存在的 initialConvBN 和 maxPool（属性名是 initialConvBNBlock，且其 Sequential 在 BN 与池化之间没有 "
        "ReLU）；此模型按正文：卷积 + BN、ReLU，然后最大池化。⚠ 在 S4TF 中 BatchNorm momentum 0.1 的含义是 "
        "new = 0.1·old + 0.9·batch（相当于 PyTorch 的 momentum 0.9）；作者几乎肯定想要的是 PyTorch 的默认值，"
        "此模型就用它（momentum 0.1，eps 1e-5）。⚠ 'ResNet18 has 18 convolutional layers'：它有 17 个卷积层 + "
        "1 个全连接层（算上三个投影共 20 个卷积层）。⚠ 正文说输入是 CIFAR-10 的 32×32，图 6-9 画的是 224×224，"
        "代码加载的却是 320 的 Imagenette；这里默认 224（输入 32 时最后一组的特征图只有 1×1）。'Same' 填充是对称的；"
        "TF 把多出的一个像素补在下方和右方，得到的尺寸相同。",
    },
    "zoo.notes.cifar_cnn": {
        "en": "Listing 6-1: 32×32×3 → conv 50@3×3 'same' + ReLU → conv 50@3×3 'same' + ReLU → max pool 2×2/2 (16×16×50) → "
        "reshape to 12,800 → dense 512 + ReLU → dense 10 'output' (logits; the loss applies the softmax). 6,583,192 "
        "parameters: 1,400 + 22,550 + 6,554,112 + 5,130. ⚠ The prose says the second conv has 25 filters; the code "
        "(and its hard-coded reshape 50*16*16) uses 50. conv2_filters=25 gives the prose's model, 3,295,117 "
        "parameters (the dense layer is sized from the conv output here, so no reshape breaks). ⚠ The listing calls "
        "create_model(X, training), passing the training flag as n_classes.",
        "zh": "代码清单 6-1：32×32×3 → 卷积 50@3×3 'same' + ReLU → 卷积 50@3×3 'same' + ReLU → 最大池化 2×2/2（16×16×50）→ "
        "reshape 为 12,800 → 全连接 512 + ReLU → 全连接 10 'output'（logits；softmax 由损失函数完成）。共 6,583,192 "
        "个参数：1,400 + 22,550 + 6,554,112 + 5,130。⚠ 正文说第二个卷积有 25 个卷积核；代码（及其写死的 reshape "
        "50*16*16）用的是 50。conv2_filters=25 得到正文的模型，3,295,117 个参数（这里全连接层的大小由卷积输出决定，"
        "所以不存在 reshape 出错的问题）。⚠ 代码清单调用 create_model(X, training)，把 training 标志当作 n_classes 传入。",
    },
    "zoo.notes.cifar_vgg": {
        "en": "The chapter's VGG build-up on CIFAR-10: Model 1 = conv64 ×2, pool; Model 2 adds conv128 ×2, pool; Model 3 "
        "adds conv256 ×3, pool; Model 4 is Model 3 with Dropout 0.5 after both hidden dense layers. All convs 3×3 "
        "'same' + ReLU, pools 2×2/2; then flatten, dense 4096 + ReLU, dense 4096 + ReLU, dense 10 logits. "
        "Parameters 83,973,962 / 50,640,970 / 35,339,082 / 35,339,082: the deeper model has fewer, because the first "
        "dense layer, sized from the last map (16·16·64 → 8·8·128 → 4·4·256), dominates. Every listing applies an "
        "extra ReLU to the last pool's output; it is a no-op (ReLU of max-pooled ReLU outputs) and is kept as "
        "'pool_relu' to match the code. ⚠ The book's data preparation uses np.swapaxes(x, 1, 3), which transposes "
        "every image (N×W×H×C); transpose(0, 2, 3, 1) was meant.",
        "zh": "本章在 CIFAR-10 上逐步搭建 VGG：模型 1 = conv64 ×2、池化；模型 2 再加 conv128 ×2、池化；模型 3 再加 "
        "conv256 ×3、池化；模型 4 是在模型 3 的两个隐藏全连接层之后各加 Dropout 0.5。所有卷积都是 3×3 'same' + ReLU，"
        "池化都是 2×2/2；然后展平、全连接 4096 + ReLU、全连接 4096 + ReLU、全连接 10 输出 logits。参数量 "
        "83,973,962 / 50,640,970 / 35,339,082 / 35,339,082：更深的模型参数反而更少，因为第一个全连接层的大小由最后"
        "一张特征图决定（16·16·64 → 8·8·128 → 4·4·256），它占了大头。每个代码清单都对最后一个池化的输出再做一次 "
        "ReLU；它不起作用（对最大池化过的 ReLU 输出再取 ReLU），为与代码一致保留为 'pool_relu'。⚠ 教材的数据准备用了 "
        "np.swapaxes(x, 1, 3)，它把每张图像都转置了（N×W×H×C）；本意是 transpose(0, 2, 3, 1)。",
    },
    # --- Compare: presets, model labels, relative factors (ui/compare_text.py) ----------------
    "compare.preset.vgg16_resnet50": {"en": "VGG-16 vs ResNet-50", "zh": "VGG-16 对比 ResNet-50"},
    "compare.preset.plain_residual": {"en": "plain vs residual", "zh": "普通网络对比残差网络"},
    "compare.label": {"en": "{title} · {parts}", "zh": "{title} · {parts}"},
    "compare.label.hp": {"en": "{name} {value}", "zh": "{name} {value}"},
    "compare.label.input": {"en": "input {h}×{w}", "zh": "输入 {h}×{w}"},
    "compare.label.sep": {"en": ", ", "zh": "，"},
    # "{a} has {params} {joint} {macs}.": each part by the direction of its ratio.
    "compare.fact.counts": {"en": "{a} has {params} {joint} {macs}.", "zh": "{a} {params}{joint}{macs}。"},
    "compare.fact.and": {"en": "and", "zh": "，"},
    "compare.fact.but": {"en": "but", "zh": "，但 "},  # the space before the Latin "MACs" that follows
    "compare.fact.params.more": {"en": "{f}× the parameters of {b}", "zh": "的参数量是 {b} 的 {f} 倍"},
    "compare.fact.params.fewer": {"en": "{f}× fewer parameters than {b}", "zh": "的参数量仅为 {b} 的 1/{f}"},
    "compare.fact.params.same": {"en": "about as many parameters as {b}", "zh": "的参数量与 {b} 相当"},
    "compare.fact.params.zero": {"en": "{x} parameters against {y}", "zh": "的参数量为 {x}，对方为 {y}"},
    "compare.fact.macs.more": {"en": "{f}× the MACs", "zh": "MACs 是其 {f} 倍"},
    "compare.fact.macs.fewer": {"en": "{f}× fewer MACs", "zh": "MACs 仅为其 1/{f}"},
    "compare.fact.macs.same": {"en": "about as many MACs", "zh": "MACs 与其相当"},
    "compare.fact.macs.zero": {"en": "{x} MACs against {y}", "zh": "MACs 为 {x}，对方为 {y}"},
    "compare.fact.memory": {
        "en": "Per image it needs {mem} ({x} against {y}).",
        "zh": "它每张图像所需的激活内存{mem}（{x} 对 {y}）。",
    },
    "compare.fact.memory.more": {"en": "{f}× the activation memory of {b}", "zh": "是 {b} 的 {f} 倍"},
    "compare.fact.memory.fewer": {"en": "{f}× less activation memory than {b}", "zh": "仅为 {b} 的 1/{f}"},
    "compare.fact.memory.same": {"en": "about the same activation memory as {b}", "zh": "与 {b} 相当"},
    "compare.fact.depth": {
        "en": "It is {da} weight layers deep against {db}.",
        "zh": "它有 {da} 个带权重的层，对方有 {db} 个。",
    },
    "compare.fact.depth_rf": {
        "en": "It is {da} weight layers deep against {db}, and its last layer sees {ra} pixels against {rb}.",
        "zh": "它有 {da} 个带权重的层，对方有 {db} 个；它最后一层的感受野为 {ra} 像素，对方为 {rb} 像素。",
    },
    # --- backbones: MobileNet, EfficientNet, MNASNet (zoo1) ---------------------------------
    "hp.depth_mult": {"en": "Depth mult", "zh": "深度倍数"},
    "hp.depth_mult.help": {
        "en": "Multiplies every stage's number of blocks, rounded up (2.0 = about twice as deep).",
        "zh": "每个阶段的块数都乘以这个倍数，向上取整（2.0 = 大约加深一倍）。",
    },
    "hp.stochastic_depth_prob": {"en": "Stochastic depth", "zh": "随机深度"},
    "hp.stochastic_depth_prob.help": {
        "en": "Stochastic depth in training: the chance of skipping a residual block grows from 0 at the first block "
        "towards this value at the last (0 turns it off).",
        "zh": "训练时的随机深度：跳过一个残差块的概率从第一个块的 0 逐渐增大，到最后一个块时接近这个值（0 表示关闭）。",
    },
    "zoo.notes.mobilenet_v2": {
        "en": "torchvision's MobileNet-V2: channels are rounded to multiples of 8, the last 1×1 conv keeps at least 1280 "
        "channels when width_mult is below 1, and dropout 0.2 precedes the classifier.",
        "zh": "torchvision 的 MobileNet-V2：通道数取整为 8 的倍数；width_mult 小于 1 时，最后的 1×1 卷积仍保留至少 1280 个通道；"
        "分类器之前有丢弃率 0.2 的丢弃层。",
    },
    "zoo.notes.mobilenet_v3": {
        "en": "torchvision's MobileNet-V3: BatchNorm with eps 0.001 and momentum 0.01, squeeze-and-excitation with a "
        "hard-sigmoid gate and a squeeze to a quarter of the expanded channels (rounded to multiples of 8). "
        "The squeeze-and-excitation gates see the whole map; the receptive fields shown follow the convolutions.",
        "zh": "torchvision 的 MobileNet-V3：批归一化的 eps 为 0.001、momentum 为 0.01；挤压-激励（squeeze-and-excitation）模块用 "
        "hard-sigmoid 门控，挤压到扩展通道数的四分之一（取整为 8 的倍数）。挤压-激励的门控看到的是整张特征图；"
        "这里显示的感受野只沿卷积计算。",
    },
    "zoo.notes.efficientnet": {
        "en": "torchvision's EfficientNet: compound scaling by width_mult and depth_mult (channels rounded to multiples of 8, "
        "blocks rounded up), the default input is the resolution of torchvision's weights (B2: 288 where the paper used "
        "260), and B5–B7 use BatchNorm with eps 0.001 and momentum 0.01 like the ported weights. The squeeze-and-excitation "
        "gates see the whole map; the receptive fields shown follow the convolutions.",
        "zh": "torchvision 的 EfficientNet：用 width_mult 和 depth_mult 做复合缩放（通道数取整为 8 的倍数，块数向上取整）；"
        "默认输入是 torchvision 权重所用的分辨率（B2 为 288，论文用的是 260）；B5–B7 与移植来的权重一样，"
        "批归一化的 eps 为 0.001、momentum 为 0.01。挤压-激励的门控看到的是整张特征图；这里显示的感受野只沿卷积计算。",
    },
    "zoo.notes.efficientnet_v2": {
        "en": "torchvision's EfficientNetV2: Fused-MBConv in the early stages, BatchNorm eps 0.001, and a 1280-channel last "
        "conv; width_mult and depth_mult (1.0 in torchvision) scale the stages. The squeeze-and-excitation gates see the "
        "whole map; the receptive fields shown follow the convolutions.",
        "zh": "torchvision 的 EfficientNetV2：前几个阶段用 Fused-MBConv，批归一化 eps 为 0.001，最后的卷积有 1280 个通道；"
        "width_mult 和 depth_mult（torchvision 中为 1.0）缩放各阶段。挤压-激励的门控看到的是整张特征图；"
        "这里显示的感受野只沿卷积计算。",
    },
    "zoo.notes.mnasnet": {
        "en": "torchvision's MNASNet-B1 without squeeze-and-excitation: width_mult is the paper's depth multiplier and scales "
        "every layer but the last conv's 1280 channels (rounded to multiples of 8), the stem included (torchvision's "
        "version 2; its mnasnet0_5 checkpoint is a version-1 file, whose stem keeps 32 and 16 channels).",
        "zh": "torchvision 的 MNASNet-B1，没有挤压-激励模块：width_mult 即论文的深度乘数（depth multiplier），"
        "缩放除最后卷积的 1280 个通道之外的每一层（取整为 8 的倍数），主干也包括在内（torchvision 的 version 2；"
        "它的 mnasnet0_5 检查点是 version-1 文件，其主干保持 32 和 16 个通道）。",
    },
    # --- zoo2: DenseNet, SqueezeNet, ShuffleNet V2, Inception v3, ResNeXt and Wide ResNet ----------
    "hp.groups": {"en": "Groups", "zh": "分组数"},
    "hp.width_per_group": {"en": "Width per group", "zh": "每组宽度"},
    "hp.growth_rate": {"en": "Growth rate", "zh": "增长率"},
    "hp.layers1": {"en": "Layers1", "zh": "稠密层数（块 1）"},
    "hp.layers2": {"en": "Layers2", "zh": "稠密层数（块 2）"},
    "hp.layers3": {"en": "Layers3", "zh": "稠密层数（块 3）"},
    "hp.layers4": {"en": "Layers4", "zh": "稠密层数（块 4）"},
    "hp.num_init_features": {"en": "Num init features", "zh": "主干卷积通道数"},
    "hp.bn_size": {"en": "Bn size", "zh": "瓶颈宽度倍数"},
    "hp.units2": {"en": "Units2", "zh": "单元数（阶段 2）"},
    "hp.units3": {"en": "Units3", "zh": "单元数（阶段 3）"},
    "hp.units4": {"en": "Units4", "zh": "单元数（阶段 4）"},
    "hp.groups.help": {
        "en": "Paths of each bottleneck's grouped 3×3 convolution (ResNeXt's cardinality; 1 is ResNet and Wide ResNet).",
        "zh": "每个瓶颈块中分组 3×3 卷积的路径数（ResNeXt 的基数；1 即 ResNet 和 Wide ResNet）。",
    },
    "hp.width_per_group.help": {
        "en": "Channels of each path of the 3×3 in the first stage, doubling every stage (64 with one group is ResNet, "
        "128 is Wide ResNet).",
        "zh": "第一阶段 3×3 卷积每条路径的通道数，之后每个阶段翻倍（只有一组时 64 即 ResNet，128 即 Wide ResNet）。",
    },
    "hp.growth_rate.help": {
        "en": "Channels each dense layer adds to the block's output (k in the paper).",
        "zh": "每个稠密层给所在块的输出增加的通道数（论文中的 k）。",
    },
    "hp.layers1.help": {"en": "Dense layers in block 1.", "zh": "第 1 个稠密块中的稠密层数。"},
    "hp.layers2.help": {"en": "Dense layers in block 2.", "zh": "第 2 个稠密块中的稠密层数。"},
    "hp.layers3.help": {"en": "Dense layers in block 3.", "zh": "第 3 个稠密块中的稠密层数。"},
    "hp.layers4.help": {"en": "Dense layers in block 4.", "zh": "第 4 个稠密块中的稠密层数。"},
    "hp.num_init_features.help": {"en": "Channels of the stem's 7×7 convolution.", "zh": "主干中 7×7 卷积的通道数。"},
    "hp.bn_size.help": {
        "en": "Width of each dense layer's 1×1 bottleneck, in multiples of the growth rate.",
        "zh": "每个稠密层中 1×1 瓶颈卷积的宽度，以增长率的倍数计。",
    },
    "hp.dropout.what.dense_layer": {"en": "each dense layer's new channels", "zh": "每个稠密层新增的通道"},
    "hp.dropout.what.final_conv": {"en": "front of the final convolution", "zh": "最终卷积之前"},
    "hp.units2.help": {
        "en": "Units in stage 2 (28×28 at 224); the first one halves the size.",
        "zh": "第 2 阶段的单元数（输入 224 时为 28×28）；第一个单元把尺寸减半。",
    },
    "hp.units3.help": {
        "en": "Units in stage 3 (14×14 at 224); the first one halves the size.",
        "zh": "第 3 阶段的单元数（输入 224 时为 14×14）；第一个单元把尺寸减半。",
    },
    "hp.units4.help": {
        "en": "Units in stage 4 (7×7 at 224); the first one halves the size.",
        "zh": "第 4 阶段的单元数（输入 224 时为 7×7）；第一个单元把尺寸减半。",
    },
    "hp.aux_logits.help.inception_v3": {
        "en": "Add the auxiliary classifier on the 17×17 grid (after Mixed_6e) that the paper trained with; it runs in "
        "training only, and needs inputs of at least 299×299 there.",
        "zh": "加上论文训练时用的辅助分类器（在 17×17 网格上，Mixed_6e 之后）；它只在训练时运行，此时输入至少要 299×299。",
    },
    "zoo.notes.resnext": {
        "en": "torchvision's ResNeXt: ResNet-50/101 v1.5 whose bottleneck 3×3 is a grouped convolution (the paper's "
        "Figure 3c form); 32×4d means 32 groups of 4 channels in the first stage, doubling every stage.",
        "zh": "torchvision 的 ResNeXt：即 ResNet-50/101 v1.5，但瓶颈块中的 3×3 是分组卷积（论文图 3c 的形式）；"
        "32×4d 表示第一阶段有 32 组、每组 4 个通道，之后每个阶段翻倍。",
    },
    "zoo.notes.wide_resnet": {
        "en": "torchvision's Wide ResNet-50-2/101-2: ResNet-50/101 v1.5 with every bottleneck's inner 1×1 and 3×3 twice "
        "as wide; the outer 1×1 outputs keep ResNet's widths. The paper's own networks are pre-activation CIFAR "
        "ResNets with dropout; these are its ImageNet bottleneck variant.",
        "zh": "torchvision 的 Wide ResNet-50-2/101-2：即 ResNet-50/101 v1.5，但每个瓶颈块内部的 1×1 和 3×3 卷积宽一倍；"
        "最外层 1×1 的输出保持 ResNet 的宽度。论文自己的网络是带丢弃的预激活 CIFAR ResNet；这里是它在 ImageNet 上的"
        "瓶颈块版本。",
    },
    "zoo.notes.densenet": {
        "en": "torchvision's DenseNet-BC: a 1×1 bottleneck of 4k channels before each 3×3 and transitions that halve "
        "the channels. Its checkpoint files use older key names (denselayer1.norm.1 for denselayer1.norm1), renamed on "
        "loading as torchvision does.",
        "zh": "torchvision 的 DenseNet-BC：每个 3×3 卷积之前有一个 4k 通道的 1×1 瓶颈卷积，过渡层把通道数减半。"
        "它的检查点文件用的是旧的键名（denselayer1.norm.1 对应 denselayer1.norm1），加载时像 torchvision 一样改名。",
    },
    "zoo.notes.squeezenet1_0": {
        "en": "The paper's Table 1 without its simple or complex bypass connections, as torchvision builds it.",
        "zh": "论文表 1 的网络，不带简单或复杂的旁路连接，与 torchvision 的构建方式相同。",
    },
    "zoo.notes.squeezenet1_1": {
        "en": "Version 1.1 from the authors' repository, not in the paper: a 3×3 stem convolution of 64 filters and "
        "earlier pooling, 2.4× less computation than 1.0 for the same accuracy.",
        "zh": "版本 1.1 来自作者的代码仓库，论文中没有：主干是 64 个卷积核的 3×3 卷积，池化更早，计算量是 1.0 的 1/2.4，"
        "准确率相同。",
    },
    "zoo.notes.inception_v3": {
        "en": "Follows torchvision's port of the TensorFlow weights: BatchNorm (eps 0.001) after every convolution, and "
        "a 5×5 branch beside the two stacked 3×3s in the 35×35 modules (the paper's Figure 5 has only the 3×3s). The "
        "input is 299×299. The auxiliary classifier is on by default, as in torchvision's class and checkpoint; "
        "torchvision's pretrained weights expect transform_input=True.",
        "zh": "沿用 torchvision 对 TensorFlow 权重的移植：每个卷积之后都有批归一化（eps 0.001）；35×35 的模块中除了两个"
        "堆叠的 3×3 卷积之外还有一个 5×5 分支（论文图 5 只有 3×3）。输入为 299×299。辅助分类器默认打开，与 torchvision "
        "的类及其检查点一致；torchvision 的预训练权重需要 transform_input=True。",
    },
    # --- backbones: RegNet and ConvNeXt (explorer/zoo/regnet.py, convnext.py) ------------------
    "hp.w_a": {"en": "Width slope (w_a)", "zh": "宽度斜率（w_a）"},
    "hp.w_m": {"en": "Width multiplier (w_m)", "zh": "阶段宽度倍数（w_m）"},
    "hp.group_width": {"en": "Group width", "zh": "每组通道数"},
    "hp.se_ratio": {"en": "SE ratio", "zh": "SE 比例"},
    "hp.layer_scale": {"en": "Layer scale", "zh": "层缩放初值"},
    "hp.depth.help.regnet": {
        "en": "Blocks in all, before the quantised widths group them into stages (d in the paper).",
        "zh": "块的总数，量化后的宽度再把它们分成各个阶段（论文中的 d）。",
    },
    "hp.w_a.help": {
        "en": "Width slope: block j's width starts as w_0 + w_a·j before quantisation (w_a in the paper).",
        "zh": "宽度斜率：量化之前，第 j 个块的宽度为 w_0 + w_a·j（论文中的 w_a）。",
    },
    "hp.w_m.help": {
        "en": "Width multiplier between stages: widths are snapped to w_0·w_m^k (w_m in the paper, > 1).",
        "zh": "相邻阶段之间的宽度倍数：宽度被取整到 w_0·w_m^k（论文中的 w_m，须 > 1）。",
    },
    "hp.group_width.help": {
        "en": "Channels per group of each 3×3 convolution (1 = depthwise-like, g in the paper).",
        "zh": "每个 3×3 分组卷积中每组的通道数（1 即相当于逐通道卷积，论文中的 g）。",
    },
    "hp.se_ratio.help": {
        "en": "Squeeze-and-excitation width as a fraction of each block's input width: 0.25 in RegNetY, 0 (none) in RegNetX.",
        "zh": "挤压-激励（SE）模块的宽度占每个块输入宽度的比例：RegNetY 为 0.25，RegNetX 为 0（没有 SE）。",
    },
    "hp.blocks1.help.convnext": {"en": "ConvNeXt blocks in stage 1 (56×56 at 224).", "zh": "第 1 阶段的 ConvNeXt 块数（输入 224 时为 56×56）。"},
    "hp.blocks2.help.convnext": {"en": "ConvNeXt blocks in stage 2 (28×28 at 224).", "zh": "第 2 阶段的 ConvNeXt 块数（输入 224 时为 28×28）。"},
    "hp.blocks3.help.convnext": {"en": "ConvNeXt blocks in stage 3 (14×14 at 224).", "zh": "第 3 阶段的 ConvNeXt 块数（输入 224 时为 14×14）。"},
    "hp.blocks4.help.convnext": {"en": "ConvNeXt blocks in stage 4 (7×7 at 224).", "zh": "第 4 阶段的 ConvNeXt 块数（输入 224 时为 7×7）。"},
    "hp.layer_scale.help": {
        "en": "Initial value of each block's per-channel output scale (1e-6 in the paper; it does not change the "
        "parameter count).",
        "zh": "每个块逐通道输出缩放的初始值（论文中为 1e-6；它不改变参数量）。",
    },
    "zoo.notes.regnet_x": {
        "en": "torchvision's RegNetX: a 3×3/2 stem of 32 channels, then residual bottlenecks (1×1, grouped 3×3, 1×1) "
        "whose widths follow the paper's quantised linear rule; a stage is a run of equal widths and strides 2 in its "
        "first block. se_ratio above 0 adds squeeze-and-excitation, which is what makes a RegNetY.",
        "zh": "torchvision 的 RegNetX：一个 32 通道的 3×3/2 主干，然后是残差瓶颈块（1×1、分组 3×3、1×1），其宽度遵循论文的"
        "量化线性规则；宽度相同的一串块构成一个阶段，阶段的第一个块步幅为 2。se_ratio 大于 0 时加上挤压-激励（SE），"
        "这正是 RegNetY 的区别所在。",
    },
    "zoo.notes.regnet_y": {
        "en": "torchvision's RegNetY: RegNetX plus squeeze-and-excitation after each grouped 3×3, its width a quarter "
        "of the block's input width (se_ratio 0.25). The gate pools the whole map, so every output depends on the "
        "whole image; the receptive field shown is that of the convolution path.",
        "zh": "torchvision 的 RegNetY：在 RegNetX 的每个分组 3×3 卷积之后加上挤压-激励（SE），其宽度为块输入宽度的四分之一"
        "（se_ratio 0.25）。门控对整张特征图做池化，所以每个输出都依赖整幅图像；这里显示的感受野是卷积路径的感受野。",
    },
    "zoo.notes.convnext": {
        "en": "torchvision's ConvNeXt. Its channel MLP runs channels-last (permute, LayerNorm, Linear, GELU, Linear, "
        "permute back), so each Linear is a 1×1 convolution applied at every position, and its multiply-adds are "
        "counted at every position: 4.5 G for ConvNeXt-T at 224, as torchvision documents (torchinfo counts a Linear "
        "once per image and gives 0.32 G).",
        "zh": "torchvision 的 ConvNeXt。它的通道 MLP 以通道在后的布局运行（permute、LayerNorm、Linear、GELU、Linear，再 "
        "permute 回来），所以每个 Linear 都相当于在每个位置上做一次 1×1 卷积，这里的乘加次数也按每个位置计算："
        "ConvNeXt-T 在输入 224 时为 4.5 G，与 torchvision 给出的数字一致（torchinfo 对 Linear 每张图像只计一次，得到 0.32 G）。",
    },
}
