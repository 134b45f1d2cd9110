from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0004_append_only_triggers'),
    ]

    operations = [
        migrations.AlterField(
            model_name='ledgerentry',
            name='kind',
            field=models.CharField(choices=[('earning', 'Pago por piezas'), ('payout', 'Pago recibido'), ('advance', 'Adelanto'), ('reversal', 'Corrección'), ('fine', 'Multa'), ('sale_share', 'Parte de una venta'), ('host_pay', 'Pago por visita')], max_length=10),
        ),
    ]
