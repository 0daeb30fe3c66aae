import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("alliances", "0013_public_ids_given")]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The identifier the register's files, the API and the downloads give this record; never changes.",
                unique=True,
                verbose_name="public identifier",
            ),
        ),
        migrations.AlterField(
            model_name="membershipsource",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The identifier the register's files, the API and the downloads give this record; never changes.",
                unique=True,
                verbose_name="public identifier",
            ),
        ),
        migrations.AlterField(
            model_name="ranking",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The identifier the register's files, the API and the downloads give this record; never changes.",
                unique=True,
                verbose_name="public identifier",
            ),
        ),
        migrations.AlterField(
            model_name="reportedsize",
            name="uid",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="The identifier the register's files, the API and the downloads give this record; never changes.",
                unique=True,
                verbose_name="public identifier",
            ),
        ),
    ]
