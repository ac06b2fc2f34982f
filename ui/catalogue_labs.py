"""New entries of a branch merged after the gettext conversion (scripts/catalogue_to_gettext.py converts them)."""

STRINGS = {'lab.pointwise.intro': {'en': 'A 1×1 convolution keeps the height and width and changes the depth: it scales one '
                               'channel, mixes many channels, and reduces and restores depth around a costly layer '
                               '(book 004 §5.3, book 001 §5.5).',
                         'zh': '1×1 卷积保持高和宽不变，只改变深度：对单个通道是缩放，对多个通道是线性组合，还能在昂贵的层前后降低和恢复深度（教材 004 §5.3，教材 001 §5.5）。'},
 'lab.pointwise.s1.text': {'en': 'Book 004 (Fig 5-6): a 6×6×1 input and a 1×1×1 kernel of weight 3. Every pixel is '
                                 'multiplied by the weight; the output is still 6×6×1.',
                           'zh': '教材 004（图 5-6）：6×6×1 的输入和权重为 3 的 1×1×1 卷积核。每个像素都乘以该权重；输出仍是 6×6×1。'},
 'lab.pointwise.s2': {'en': 'Mixing channels: 64 → 28', 'zh': '通道混合：64 → 28'},
 'lab.pointwise.s2.text': {'en': 'On many channels a 1×1 kernel is a weighted sum across the channels at each pixel: '
                                 'with 28 such kernels, 64 feature maps become 28, the map size unchanged (book 004, '
                                 'Example 5-2).',
                           'zh': '对多通道输入，1×1 卷积核在每个像素上对各通道加权求和：用 28 个这样的卷积核，64 个特征图变为 28 个，尺寸不变（教材 004 例 5-2）。'},
 'lab.pointwise.s3.text': {'en': 'A 3×3 convolution on 256 channels is expensive. A 1×1 first reduces the depth (256 → '
                                 '64), the 3×3 works on 64 channels, and a 1×1 restores 256: the bottleneck (book 004 '
                                 "Fig 5-7; ResNet-50's block). Weights only, no bias; multiplications on a 56×56 map.",
                           'zh': '在 256 个通道上做 3×3 卷积很昂贵。先用 1×1 把深度降下来（256 → 64），3×3 只在 64 个通道上计算，再用 1×1 恢复到 '
                                 '256：这就是瓶颈结构（教材 004 图 5-7；ResNet-50 的残差块）。只计权重，不含偏置；乘法次数按 56×56 的特征图计算。'},
 'lab.pool.s2': {'en': '2×2 with stride 2 removes 75 %', 'zh': '2×2、步幅 2 去掉 75 %'},
 'lab.pool.s3.text': {'en': '- **No parameters**: pooling is a fixed rule; book 000 calls it *pooling*, against the '
                            'learned *feature pooling* of a strided convolution.\n'
                            '- **Depth unchanged**: each map is pooled on its own (book 002).\n'
                            '- **Small shifts do not matter**: max pooling cares whether a feature is present in the '
                            'window, not exactly where (book 003: local translation invariance).\n'
                            "- Gradients still flow through it: to the maximum's position for max pooling, a quarter "
                            'each for 2×2 average pooling (⚠ book 002 says pooling "is not differentiable").',
                      'zh': '- **没有参数**：池化是固定的规则；教材 000 称之为*池化*，与带步幅卷积学得的*特征池化*相对。\n'
                            '- **深度不变**：每个特征图各自池化（教材 002）。\n'
                            '- **小的平移无关紧要**：最大池化只关心窗口中是否出现了某个特征，而不在乎它的确切位置（教材 003：局部平移不变性）。\n'
                            '- 梯度仍然能穿过池化层：最大池化传给最大值所在位置，2×2 平均池化每个位置传四分之一（⚠ 教材 002 说池化“不可微”）。'},
 'lab.stack.intro': {'en': 'VGG uses only 3×3 kernels: stacked, they see as far as one large kernel, with fewer '
                           'weights and more non-linearities (book 001 §5.4, book 004 §5.4).',
                     'zh': 'VGG 只用 3×3 卷积核：堆叠起来，它们的视野与一个大卷积核相同，但权重更少、非线性更多（教材 001 §5.4，教材 004 §5.4）。'},
 'lab.stack.s1': {'en': 'Receptive field 3 → 5 → 7', 'zh': '感受野 3 → 5 → 7'},
 'lab.stack.s1.text': {'en': 'One unit at the top depends on 3 units of the layer below, which depend on 5 of the '
                             'layer below them, and so on: two stacked 3×3 layers see 5×5, three see 7×7 (001).',
                       'zh': '顶层的一个单元依赖下一层的 3 个单元，它们又依赖再下一层的 5 个单元，依此类推：两层 3×3 的视野是 5×5，三层是 7×7（001）。'},
 'lab.inception.s1.text': {'en': "Book 001's example: a 32×32×200 input, a 1×1 (64 filters), a 3×3 (128), a 5×5 (32) "
                                 "and a 3×3 max pool, all with 'same' padding so that the outputs can be stacked along "
                                 'the depth.',
                           'zh': "教材 001 的例子：32×32×200 的输入，1×1（64 个卷积核）、3×3（128 个）、5×5（32 个）和 3×3 最大池化，都用 'same' "
                                 '填充，使输出可以沿深度方向拼接。'},
 'lab.inception.s2': {'en': '163,840,000 against 16,384,000 multiplications', 'zh': '163,840,000 次对比 16,384,000 次乘法'},
 'lab.inception.s2.text': {'en': 'The 5×5 branch alone: each of the 32·32·32 output values needs 5·5·200 '
                                 'multiplications. Put a 1×1 convolution to 16 channels in front, and the 5×5 works on '
                                 '16 channels instead of 200.',
                           'zh': '仅 5×5 分支：32·32·32 个输出值中的每一个都需要 5·5·200 次乘法。在前面加一个把通道降到 16 的 1×1 卷积，5×5 就只需在 16 '
                                 '个通道上计算，而不是 200 个。'},
 'lab.inception.naive_short': {'en': '5×5 on 200 channels', 'zh': '在 200 个通道上做 5×5'},
 'lab.inception.truncated': {'en': '3,276,800 + 13,107,200 = 16,384,000 ≈ 16.4 million: the book\'s "16.3 million" is '
                                   'truncated, not rounded. Its printed formula is garbled; it should read '
                                   '(32×32×200)×(1×1×16) + (32×32×16)×(5×5×32).',
                             'zh': '3,276,800 + 13,107,200 = 16,384,000 ≈ 1640 万：教材的“1630 万”是截断而不是四舍五入。教材印出的公式有误，应为 '
                                   '(32×32×200)×(1×1×16) + (32×32×16)×(5×5×32)。'},
 'lab.inception.s3.text': {'en': "GoogLeNet's first module, 3a (book 001 Table 5.2): 1×1 reductions before the 3×3 and "
                                 'the 5×5, and a 1×1 projection after the pool, on a 28×28×192 input. Its depth is 64 '
                                 '+ 128 + 32 + 32 = 256.',
                           'zh': 'GoogLeNet 的第一个模块 3a（教材 001 表 5.2）：在 3×3 和 5×5 之前用 1×1 降维，池化之后用 1×1 投影，输入为 '
                                 '28×28×192。其深度为 64 + 128 + 32 + 32 = 256。'},
 'lab.residual.intro': {'en': 'A residual block adds its input to its output: H(x) = F(x) + x. The layers only learn '
                              'the difference, and the gradient has a path that skips them (books 000 §3.4, 002 §6.3, '
                              '004 §5.3).',
                        'zh': '残差块把输入加到输出上：H(x) = F(x) + x。各层只需学习差值，梯度也有一条绕过它们的通路（教材 000 §3.4、002 §6.3、004 §5.3）。'},
 'lab.residual.s1.text': {'en': "The block learns the residual F(x) = H(x) − x. Book 004's example: a layer maps 5 to "
                                '5.1; then the target moves to 5.2. How much must each kind of layer change?',
                          'zh': '残差块学习的是残差 F(x) = H(x) − x。教材 004 的例子：某层把 5 映射为 5.1；之后目标变为 5.2。两种层各自需要改变多少？'},
 'lab.residual.s2.text': {'en': 'Book 004, Example 5-3: two 3×3 convolutions at 256 channels against 1×1 (256 → 64), '
                                '3×3 (64), 1×1 (64 → 256). Weights only, no bias, no BatchNorm.',
                          'zh': '教材 004 例 5-3：256 个通道上的两层 3×3 卷积，对比 1×1（256 → 64）、3×3（64）、1×1（64 → '
                                '256）。只计权重，不含偏置和批归一化。'},
 'lab.residual.fair': {'en': 'A fairer comparison: the book sets a 256-wide basic block against a 64-wide bottleneck. '
                             'He et al. compare the bottleneck with a 64-wide basic block, {basic_mid} weights: the '
                             'bottleneck costs about the same (×{ratio}) while its block is 4 times wider.',
                       'zh': '更公平的比较：教材拿 256 宽的基本块和 64 宽的瓶颈块相比。He 等人是把瓶颈块与 64 宽的基本块相比，后者有 {basic_mid} '
                             '个权重：两者代价相当（×{ratio}），而瓶颈块的输入输出宽了 4 倍。'},
 'lab.bn.intro': {'en': 'Batch normalization standardises each feature over the mini-batch, then scales and shifts it '
                        'with two learnt numbers, γ and β (book 004 §5.2; hyperparameters from book 002). Edit the '
                        'batch.',
                  'zh': '批归一化在小批量上把每个特征标准化，再用两个可学习的数 γ 和 β 缩放和平移（教材 004 §5.2；超参数取自教材 002）。可以编辑这批数据。'},
 'lab.bn.s1.text': {'en': 'A mini-batch of 4 samples with 2 features. BN works on each feature separately, across the '
                          'samples (for a convolution: each channel, across samples and positions).',
                    'zh': '一个小批量：4 个样本，每个样本 2 个特征。批归一化对每个特征分别计算，跨样本求统计量（对卷积层：每个通道，跨样本和位置）。'},
 'lab.act.intro': {'en': 'Sigmoid, tanh and ReLU, and their slopes: the slope is what backpropagation multiplies by at '
                         'every layer (book 003; books 001 §5.3 and 004 §5.2 on vanishing gradients).',
                   'zh': 'sigmoid、tanh 和 ReLU 以及它们的斜率：反向传播在每一层都要乘上这个斜率（教材 003；关于梯度消失见教材 001 §5.3 和 004 §5.2）。'},
 'lab.degrade.intro': {'en': 'Deeper should be at least as good — yet a deeper plain network trains *worse*. Shortcuts '
                             'fix it (He et al. 2016, Fig. 1 and 6; book 004 §5.3).',
                       'zh': '更深的网络至少不应更差——然而更深的普通网络反而*训练得更差*。捷径连接解决了这个问题（He 等人 2016，图 1 和图 6；教材 004 §5.3）。'},
 'lab.degrade.s2.text': {'en': "Four short runs of He et al.'s CIFAR ResNet (6n + 2 layers), with shortcuts (residual) "
                               "and without (plain), at two depths, by the app's training engine on its embedded "
                               'digits (512 images generated from a seed, 10 classes, at 16×16: the same every time): '
                               'SGD with momentum 0.9, learning rate 0.02, batches of 32. The curves show the training '
                               'error.',
                         'zh': '对 He 等人的 CIFAR ResNet（6n + 2 '
                               '层）做四次短训练：两种深度，分别带捷径（残差）和不带捷径（普通），由本工具的训练引擎在其内置的数字数据集上完成（由随机种子生成的 512 张图像，10 个类别，缩放到 '
                               '16×16，每次都相同）：SGD 动量 0.9、学习率 0.02，批大小 32。曲线显示训练误差。'},
 'lesson.start': {'en': 'Start a live lesson', 'zh': '开始直播课'},
 'lesson.start.help': {'en': "The class's Learn pages follow your lab, step and presentation mode until you end the "
                             'lesson.',
                       'zh': '全班的“学习”页面会跟随你的实验、步骤和演示模式，直到你结束直播课。'},
 'lesson.end': {'en': 'End the lesson', 'zh': '结束直播课'},
 'lesson.live': {'en': '**Live lesson** · {count}', 'zh': '**直播课进行中** · {count}'},
 'lesson.live_other': {'en': "**{teacher}'s live lesson** · {count}", 'zh': '**{teacher} 的直播课** · {count}'},
 'lesson.followers_one': {'en': '1 student following', 'zh': '1 名学生在跟随'},
 'lesson.followers': {'en': '{n} students following', 'zh': '{n} 名学生在跟随'},
 'lesson.following': {'en': "Following **{teacher}**'s live lesson", 'zh': '正在跟随 **{teacher}** 的直播课'},
 'lesson.leave': {'en': 'Stop following', 'zh': '停止跟随'},
 'lesson.not_following': {'en': '**{teacher}** is giving a live lesson.', 'zh': '**{teacher}** 正在上直播课。'},
 'lesson.join': {'en': 'Follow the lesson', 'zh': '跟随直播课'}}
