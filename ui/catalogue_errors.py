"""New entries of a branch merged after the gettext conversion (scripts/catalogue_to_gettext.py converts them)."""

STRINGS = {'err.latency.budget_params': {'en': '{title} has {params} parameters, more than this server measures ({limit}); '
                                     'choose a smaller model.',
                               'zh': '{title} 有 {params} 个参数，超过本服务器可测量的上限（{limit}）；请选择更小的模型。'},
 'err.latency.budget_weights': {'en': '{title} has {size} of weights, more than this server measures ({limit}); choose '
                                      'a smaller model.',
                                'zh': '{title} 的权重有 {size}，超过本服务器可测量的上限（{limit}）；请选择更小的模型。'},
 'err.latency.budget_activations': {'en': 'A batch of {batch} through {title} needs {size} of activations, more than '
                                          'this server allows ({limit}); a batch of {fits} or fewer fits.',
                                    'zh': '{title} 处理批大小 {batch} 需要 {size} 的激活内存，超过本服务器的上限（{limit}）；批大小不超过 {fits} '
                                          '才可以。'},
 'err.lesson.not_teacher': {'en': 'Only a teacher can start, change or end a live lesson.', 'zh': '只有老师才能开始、更改或结束直播课。'},
 'err.lesson.not_yours': {'en': 'Only the teacher giving the lesson can change it.', 'zh': '只有正在上课的老师才能更改这节课。'}}
