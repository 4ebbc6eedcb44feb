from django.core.management.base import BaseCommand

from budgetfollowup import demo as budget_demo
from capacity import demo as capacity_demo
from capacity import forecast_demo
from districts import demo
from evaluations import demo as evaluation_demo
from learningplans import demo as learning_plan_demo
from supervision import demo as supervision_demo


class Command(BaseCommand):
    help = "Indlæser demokommunen (idempotent: at køre den to gange ændrer intet) og udskriver demo-logins."

    def handle(self, *args, **options):
        logins = demo.load_organisation()
        budget_demo.load_agreement()
        budget_demo.load_reporting()
        evaluation_demo.load_evaluation()
        capacity_demo.load_capacity()
        forecast_demo.load_forecast()
        forecast_demo.send_forecast_pdf()
        supervision_demo.load_supervision()
        learning_plan_demo.load_learning_plans(request_pdfs=True)
        self.stdout.write(self.style.SUCCESS("Demodata er indlæst."))
        self.stdout.write(f"Demo-logins (adgangskode for alle: {demo.DEMO_PASSWORD}):")
        for username, description in logins:
            self.stdout.write(f"  {username:<12} {description}")
