from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("dashboards", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="Visit", new_name="NewsSeen"),
    ]
