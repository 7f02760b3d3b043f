"""The results framework: every goal level of the registered projects, read from the decision
texts (the rules: :mod:`analysis.tables.goals_parse`), the second extraction compared item by item
(:mod:`analysis.tables.goal_extractions`) and the continuity register
(:mod:`analysis.tables.goal_continuity`). One import for all of them.
"""

from __future__ import annotations

from .goals_parse import *  # noqa: F401,F403
from .goals_parse import (_SENTENCE_END, _framework_cached, _TITLE_WORDS,  # noqa: F401
                          _BUDGET_HEADING, _Builder)
from .goal_extractions import *  # noqa: F401,F403
from .goal_extractions import _extraction_check_cached  # noqa: F401
from .goal_continuity import *  # noqa: F401,F403
