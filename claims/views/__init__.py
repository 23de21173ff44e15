"""Pages, one module per thing a reviewer or moderator works on; thin: read through
``claims.selectors``, write through ``claims.services``."""
