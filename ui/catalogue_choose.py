"""The catalogue's entries for the Choose page (the backbone chooser): navigation, controls, table, messages.

Chinese follows the course's words: 参数量, 乘加次数, 感受野, 准确率, 延迟, 批大小, 帕累托前沿.
"""

STRINGS: dict[str, dict[str, str]] = {
    "nav.choose": {"en": "Choose a backbone", "zh": "选择骨干网络"},
    "choose.title": {"en": "Choose a backbone", "zh": "选择骨干网络"},
    "choose.intro": {
        "en": "Every torchvision model in the zoo: its published ImageNet accuracy against what it costs — parameters and "
              "multiply-adds from the analysis, latency measured on this machine. Points on the Pareto front are the best "
              "accuracy for their cost.",
        "zh": "动物园中的每个 torchvision 模型：公布的 ImageNet 准确率与其代价的对比——参数量和乘加次数来自分析，延迟在本机实测。"
              "帕累托前沿上的点是同等代价下准确率最高的模型。",
    },
    "choose.sidebar.models": {"en": "Models", "zh": "模型"},
    "choose.preset": {"en": "Preset", "zh": "预设"},
    "choose.preset.all": {"en": "All torchvision models", "zh": "全部 torchvision 模型"},
    "choose.preset.mobile": {"en": "Mobile backbones", "zh": "移动端骨干网络"},
    "choose.preset.resnets": {"en": "ResNet vs ResNeXt vs Wide ResNet", "zh": "ResNet、ResNeXt 与 Wide ResNet"},
    "choose.preset.efficientnet": {"en": "EfficientNet B0–B7", "zh": "EfficientNet B0–B7"},
    "choose.preset.history": {"en": "2012 → 2022", "zh": "2012 → 2022"},
    "choose.preset.missing": {
        "en": "Not in this zoo yet, so left out: {names}.", "zh": "以下模型尚未收录，已略去：{names}。",
    },
    "choose.recipe": {"en": "Accuracy of which checkpoint", "zh": "采用哪个检查点的准确率"},
    "choose.recipe.v1": {"en": "IMAGENET1K_V1 (the paper's recipe)", "zh": "IMAGENET1K_V1（论文的训练方法）"},
    "choose.recipe.best": {"en": "IMAGENET1K_V2 where published, else V1", "zh": "有 IMAGENET1K_V2 时用 V2，否则用 V1"},
    "choose.recipe.help": {
        "en": "torchvision retrained many models with a newer recipe (V2): same architecture, higher accuracy. "
              "The table's Checkpoint column says which figure is shown.",
        "zh": "torchvision 用更新的训练方法（V2）重新训练了许多模型：架构相同，准确率更高。表格的“检查点”列注明了所用的数字。",
    },
    "choose.sidebar.filters": {"en": "Filters", "zh": "筛选"},
    "choose.filter.params": {"en": "At most … million parameters", "zh": "参数量不超过……百万"},
    "choose.filter.ms": {"en": "At most … ms at batch 1", "zh": "批大小 1 时延迟不超过……毫秒"},
    "choose.filter.rf": {"en": "Receptive field at least … px", "zh": "感受野至少……像素"},
    "choose.filter.none": {"en": "no limit", "zh": "不限"},
    "choose.sidebar.measure": {"en": "Measuring", "zh": "测量"},
    "choose.device": {"en": "Device", "zh": "设备"},
    "choose.batch": {"en": "Batch size (besides 1)", "zh": "批大小（除 1 之外）"},
    "choose.repeats": {"en": "Timed passes", "zh": "计时次数"},
    "choose.repeats.help": {
        "en": "Each model runs two untimed passes, then this many timed ones; the table shows the median.",
        "zh": "每个模型先运行两次不计时的前向传播，再运行这么多次计时的；表中显示中位数。",
    },
    "choose.device.line": {
        "en": "Latency measured on **{name}** ({device}), {threads} CPU threads, PyTorch {torch}.",
        "zh": "延迟测量于 **{name}**（{device}），{threads} 个 CPU 线程，PyTorch {torch}。",
    },
    "choose.measure.button": {"en": "Measure latency ({n} models)", "zh": "测量延迟（{n} 个模型）"},
    "choose.measure.help": {
        "en": "Runs each model shown at batch 1 and at the chosen batch in a separate process; figures already measured "
              "are reused.",
        "zh": "在单独的进程中以批大小 1 和所选批大小运行显示的每个模型；已测量过的数字会直接复用。",
    },
    "choose.measure.todo": {
        "en": "{n} models not measured on this machine yet: their latency is empty.",
        "zh": "有 {n} 个模型尚未在本机测量：它们的延迟为空。",
    },
    "choose.measure.starting": {"en": "Starting the measurement of {n} models…", "zh": "正在开始测量 {n} 个模型……"},
    "choose.measure.progress": {
        "en": "Measuring {arch} at batch {batch} ({done} of {total} done)",
        "zh": "正在测量 {arch}，批大小 {batch}（已完成 {done}/{total}）",
    },
    "choose.measure.eta": {"en": "about {seconds} s left", "zh": "约剩 {seconds} 秒"},
    "choose.measure.failed": {"en": "The measurement failed; try fewer models or a smaller batch.", "zh": "测量失败；请减少模型数量或减小批大小。"},
    "choose.none": {"en": "No model passes these filters; loosen one.", "zh": "没有模型符合这些筛选条件；请放宽其中一项。"},
    "choose.metric": {"en": "Accuracy against", "zh": "准确率对比"},
    "choose.col.model": {"en": "Model", "zh": "模型"},
    "choose.col.year": {"en": "Year", "zh": "年份"},
    "choose.col.params": {"en": "Parameters", "zh": "参数量"},
    "choose.col.macs": {"en": "Multiply-adds", "zh": "乘加次数"},
    "choose.col.rf": {"en": "Receptive field", "zh": "感受野"},
    "choose.col.top1": {"en": "Top-1 %", "zh": "Top-1 准确率 %"},
    "choose.col.top5": {"en": "Top-5 %", "zh": "Top-5 准确率 %"},
    "choose.col.weights": {"en": "Checkpoint", "zh": "检查点"},
    "choose.col.latency": {"en": "Latency, batch 1 (ms)", "zh": "延迟，批大小 1（毫秒）"},
    "choose.col.batch_ms": {"en": "ms per image, batch {batch}", "zh": "每张图像毫秒数，批大小 {batch}"},
    "choose.col.memory": {"en": "Peak memory, batch {batch}", "zh": "峰值内存，批大小 {batch}"},
    "choose.col.memory_kind": {"en": "Memory figure", "zh": "内存数字来源"},
    "choose.memory.measured": {"en": "measured (CUDA)", "zh": "实测（CUDA）"},
    "choose.memory.estimate": {"en": "estimate (analysis)", "zh": "估算（分析）"},
    "choose.source": {
        "en": "Accuracy: torchvision's published ImageNet-1K figures for its checkpoints (models/*.py, the weights' "
              "meta), not measured here. Parameters, multiply-adds and receptive field: this project's analysis at each "
              "model's default input. Memory on the CPU is the analysis' estimate (weights + every layer's output).",
        "zh": "准确率：torchvision 为其检查点公布的 ImageNet-1K 数字（models/*.py 中权重的元数据），并非在此测量。"
              "参数量、乘加次数和感受野：本项目在每个模型默认输入下的分析结果。CPU 上的内存为分析的估算（权重加每层的输出）。",
    },
    "choose.focus": {"en": "A closer look", "zh": "细看一个模型"},
}
