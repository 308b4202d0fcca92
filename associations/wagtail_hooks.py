# The association register's admin: each part's ModelAdmin lives in its own module.
from associations import removal_admin  # noqa: F401
