"""Pages of the stock area, one module per part. Reading needs Perm.STOCK_VIEW, moving goods
Perm.STOCK_MANAGE, and writing off, deciding stock counts and the value reports
Perm.STOCK_APPROVE (the head). Another unit's object answers 404, like a missing one."""
