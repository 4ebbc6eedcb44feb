"""The permission matrix: every URL of ours, times every persona, with the outcome each must get.

The URLs are read from the URL configuration (`get_resolver()`), not listed by hand: a URL that has no GET row and
no POST row in MATRIX below fails `test_every_url_is_in_the_permission_matrix` ("new URL not in the permission
matrix"), so a new page cannot ship without someone deciding who may open it. Django's own admin, i18n and static
files are skipped (the admin is for superusers only and has its own checks).

How to read a row: the method, the URL name, the objects that fill its path parameters (in order), then the outcome
for each persona:

    200    the page (or the file)          login  302 to the login page     302  another redirect (the action done)
    403    logged in but not allowed       404    outside the user's scope  405  method not allowed

Every page answered 200 is also checked for inline script or style (which the Content Security Policy forbids).

Every URL has at least one GET row and one POST row. POST is sent with no data. For every persona but the
administrator the POST must write no row of our apps' and auth's tables (`_snapshot`), whatever the status: a
read-only role cannot change anything, not even with a URL it may GET. Where a POST
rightly changes a person's own data (marking their notices read, an unsubscribe link), the cell says so with a
"+" (`302+`): then it must change something, and anywhere else it must not.

Adding an app (e.g. evaluations):
  1. add its objects to OBJECTS: a key and a function returning the pk, built from the demo data (load the app's
     demo in `_load_demo` if it has one); give objects from district A and district B, drafts and published ones;
  2. add its snapshot label to SNAPSHOT_APPS if it is not there;
  3. add its rows to MATRIX (a block per app keeps it readable), a GET and a POST row per URL, one row per kind of
     object where the outcome differs (district A/B, draft/published).
Then run `./dev test tests/test_permission_matrix.py`: a wrong cell prints the whole row it expected and
what it got.
"""

import re

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from dagtilbud.tests.test_uploads import pdf_bytes

PERSONAS = ["anon", "admin", "dl.nord", "dl.syd", "pl.mette", "udvalg", "uden.rolle", "center.sik"]

# dl.nord leads district A (Distrikt Nord), dl.syd district B (Distrikt Syd); pl.mette leads two houses in A;
# udvalg sits on the committee that owns the demo agreement; center.sik reports (indberetter) for the centre
# responsible for 8 of its 11 initiatives. Round 1 is published, round 2 a draft.
MATRIX = """
method url                              objects                   anon  admin dl.nord dl.syd pl.mette udvalg uden.rolle center.sik

# Login, logout and public pages (logging out sends you to the login page: "login" there is the intended end)
GET    login                            -                         200   200   200     200    200      200    200        200
POST   login                            -                         200   200   200     200    200      200    200        200
GET    logout                           -                         login 405   405     405    405      405    405        405
POST   logout                           -                         login login login   login  login    login  login      login
GET    password_set                     password_uid,password_token 302 302 302     302    302      302    302          302
POST   password_set                     password_uid,password_token 302 302 302     302    302      302    302          302
GET    password_set                     password_uid,password_forged 200 200 200     200    200      200    200         200
POST   password_set                     password_uid,password_forged 200 200 200     200    200      200    200         200
GET    accessibility                    -                         200   200   200     200    200      200    200        200
POST   accessibility                    -                         200   200   200     200    200      200    200        200
GET    home                             -                         login 302   302     302    302      302    200        302
POST   home                             -                         login 302   302     302    302      302    200        302
GET    health                           -                         200   200   200     200    200      200    200        200
POST   health                           -                         200   200   200     200    200      200    200        200
GET    ready                            -                         200   200   200     200    200      200    200        200
POST   ready                            -                         200   200   200     200    200      200    200        200
GET    language                         -                         405   405   405     405    405      405    405        405
POST   language                         -                         302   302   302     302    302      302    302        302

# Organisation: districts and institutions (IDOR: A's leader must not reach B)
GET    districts:district_list          -                         login 200   200     200    200      403    403        403
POST   districts:district_list          -                         login 200   200     200    200      403    403        403
GET    districts:district_detail        district_a                login 200   200     404    200      404    404        404
GET    districts:district_detail        district_b                login 200   404     200    404      404    404        404
POST   districts:district_detail        district_a                login 200   200     404    200      404    404        404
GET    districts:institution_detail     institution_a             login 200   200     404    200      404    404        404
GET    districts:institution_detail     institution_a_other       login 200   200     404    200      404    404        404
GET    districts:institution_detail     institution_b             login 200   404     200    404      404    404        404
POST   districts:institution_detail     institution_a             login 200   200     404    200      404    404        404

# Users and roles (administrators only)
GET    districts:user_list              -                         login 200   403     403    403      403    403        403
POST   districts:user_list              -                         login 200   403     403    403      403    403        403
GET    districts:user_create            -                         login 200   403     403    403      403    403        403
POST   districts:user_create            -                         login 200   403     403    403      403    403        403
GET    districts:user_roles             user                      login 200   403     403    403      403    403        403
POST   districts:user_roles             user                      login 200   403     403    403      403    403        403
GET    districts:user_export            user                      login 200   403     403    403      403    403        403
POST   districts:user_export            user                      login 200   403     403    403      403    403        403
GET    districts:user_anonymise         user                      login 200   403     403    403      403    403        403
POST   districts:user_anonymise         user                      login 302   403     403    403      403    403        403
GET    districts:user_unlock            user                      login 405   405     405    405      405    405        405
POST   districts:user_unlock            user                      login 302   403     403    403      403    403        403
GET    districts:role_delete            role                      login 405   405     405    405      405    405        405
POST   districts:role_delete            role                      login 302   403     403    403      403    403        403
GET    districts:municipality_settings  -                         login 200   403     403    403      403    403        403
POST   districts:municipality_settings  -                         login 200   403     403    403      403    403        403

# Budget agreements (building them: administrators only)
GET    budgetfollowup:agreement_list    -                         login 200   200     200    403      200    403        200
POST   budgetfollowup:agreement_list    -                         login 200   200     200    403      200    403        200
GET    budgetfollowup:agreement_create  -                         login 200   403     403    403      403    403        403
POST   budgetfollowup:agreement_create  -                         login 200   403     403    403      403    403        403
GET    budgetfollowup:agreement_detail  agreement                 login 200   403     403    403      403    403        403
POST   budgetfollowup:agreement_detail  agreement                 login 200   403     403    403      403    403        403
GET    budgetfollowup:agreement_edit    agreement                 login 200   403     403    403      403    403        403
POST   budgetfollowup:agreement_edit    agreement                 login 200   403     403    403      403    403        403
GET    budgetfollowup:section_create    agreement                 login 200   403     403    403      403    403        403
POST   budgetfollowup:section_create    agreement                 login 200   403     403    403      403    403        403
GET    budgetfollowup:initiative_create agreement                 login 200   403     403    403      403    403        403
POST   budgetfollowup:initiative_create agreement                 login 200   403     403    403      403    403        403
GET    budgetfollowup:initiative_edit   agreement,initiative      login 200   403     403    403      403    403        403
POST   budgetfollowup:initiative_edit   agreement,initiative      login 200   403     403    403      403    403        403
GET    budgetfollowup:initiative_detail initiative                login 200   403     403    403      403    403        403
POST   budgetfollowup:initiative_detail initiative                login 200   403     403    403      403    403        403

# Spreadsheets and data: exports read like the pages they come from; imports are for administrators
GET    budgetfollowup:agreement_export  agreement                 login 200   403     403    403      403    403        403
POST   budgetfollowup:agreement_export  agreement                 login 200   403     403    403      403    403        403
GET    budgetfollowup:agreement_export_csv agreement              login 200   403     403    403      403    403        403
POST   budgetfollowup:agreement_export_csv agreement              login 200   403     403    403      403    403        403
GET    budgetfollowup:agreement_json    agreement                 login 200   200     200    404      200    404        200
POST   budgetfollowup:agreement_json    agreement                 login 200   200     200    404      200    404        200
GET    budgetfollowup:round_export_xlsx round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_export_xlsx round_draft               login 200   404     404    404      404    404        404
POST   budgetfollowup:round_export_xlsx round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_export_csv  round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_export_csv  round_draft               login 200   404     404    404      404    404        404
POST   budgetfollowup:round_export_csv  round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_json        round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_json        round_draft               login 200   404     404    404      404    404        404
POST   budgetfollowup:round_json        round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:import_template   -                         login 200   403     403    403      403    403        403
POST   budgetfollowup:import_template   -                         login 200   403     403    403      403    403        403
GET    budgetfollowup:import_template_csv -                       login 200   403     403    403      403    403        403
POST   budgetfollowup:import_template_csv -                       login 200   403     403    403      403    403        403
GET    budgetfollowup:agreement_import  -                         login 200   403     403    403      403    403        403
POST   budgetfollowup:agreement_import  -                         login 200   403     403    403      403    403        403
GET    budgetfollowup:import_preview    agreement_import          login 200   403     403    403      403    403        403
POST   budgetfollowup:import_preview    agreement_import          login 200   403     403    403      403    403        403
GET    budgetfollowup:import_apply      agreement_import          login 405   405     405    405      405    405        405
POST   budgetfollowup:import_apply      agreement_import          login 302   403     403    403      403    403        403
GET    budgetfollowup:import_cancel     agreement_import          login 405   405     405    405      405    405        405
POST   budgetfollowup:import_cancel     agreement_import          login 302   403     403    403      403    403        403

# Follow-up rounds: published ones are read by district leaders and the committee, drafts by administrators only
GET    budgetfollowup:round_detail      round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_detail      round_draft               login 200   404     404    404      404    404        404
POST   budgetfollowup:round_detail      round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_grid        round_draft               login 200   404     404    404      404    404        404
GET    budgetfollowup:round_grid        round_published           login 403   403     403    404      403    404        403
POST   budgetfollowup:round_grid        round_draft               login 302   404     404    404      404    404        404
POST   budgetfollowup:round_grid        round_published           login 403   403     403    404      403    404        403
GET    budgetfollowup:economy_edit      round_draft,initiative    login 200   404     404    404      404    404        404
POST   budgetfollowup:economy_edit      round_draft,initiative    login 200   404     404    404      404    404        404
POST   budgetfollowup:economy_edit      round_published,initiative login 403  403     403    404      403    404        403
GET    budgetfollowup:round_publish     round_draft               login 200   404     404    404      404    404        404
GET    budgetfollowup:round_publish     round_published           login 403   403     403    404      403    404        403
POST   budgetfollowup:round_publish     round_draft               login 200   404     404    404      404    404        404
POST   budgetfollowup:round_publish     round_published           login 403   403     403    404      403    404        403
GET    budgetfollowup:round_reopen      round_published           login 200   403     403    404      403    404        403
POST   budgetfollowup:round_reopen      round_published           login 200   403     403    404      403    404        403
POST   budgetfollowup:round_reopen      round_draft               login 403   404     404    404      404    404        404
GET    budgetfollowup:round_reports     round_published           login 200   200     200    404      200    404        200
GET    budgetfollowup:round_reports     round_draft               login 200   404     404    404      404    404        404
POST   budgetfollowup:round_reports     round_published           login 200   200     200    404      200    404        200

# Reporting (indberetning): round 2 is open for reporting in the demo (3.1 sent by center.sik); a reporter fills in
# their centre's rows, the administrator opens, closes, reviews; the round workbook is imported by either (a
# reporter's own upload, changed only by themselves: "+")
GET    budgetfollowup:reporting         round_draft               login 403   403     403    403      403    403        200
GET    budgetfollowup:reporting         round_published           login 403   403     403    403      403    403        302
POST   budgetfollowup:reporting         round_draft               login 403   403     403    403      403    403        302
POST   budgetfollowup:reporting         round_published           login 403   403     403    403      403    403        302
GET    budgetfollowup:reporting_export  round_draft               login 403   403     403    403      403    403        200
GET    budgetfollowup:reporting_export  round_published           login 403   403     403    403      403    403        404
POST   budgetfollowup:reporting_export  round_draft               login 403   403     403    403      403    403        200
GET    budgetfollowup:reporting_open    round_draft               login 200   404     404    404      404    404        404
GET    budgetfollowup:reporting_open    round_published           login 403   403     403    404      403    404        403
POST   budgetfollowup:reporting_open    round_draft               login 200   404     404    404      404    404        404
POST   budgetfollowup:reporting_open    round_published           login 403   403     403    404      403    404        403
GET    budgetfollowup:reporting_close   round_draft               login 405   405     405    405      405    405        405
POST   budgetfollowup:reporting_close   round_draft               login 302   404     404    404      404    404        404
GET    budgetfollowup:submissions_approve round_draft             login 405   405     405    405      405    405        405
POST   budgetfollowup:submissions_approve round_draft             login 302   404     404    404      404    404        404
GET    budgetfollowup:submission_review round_draft,initiative    login 200   404     404    404      404    404        404
POST   budgetfollowup:submission_review round_draft,initiative    login 200   404     404    404      404    404        404
POST   budgetfollowup:submission_review round_published,initiative login 403  403     403    404      403    404        403
GET    budgetfollowup:round_import      -                         login 200   403     403    403      403    403        200
POST   budgetfollowup:round_import      -                         login 200   403     403    403      403    403        200
GET    budgetfollowup:round_import_preview round_import           login 200   403     403    403      403    403        200
POST   budgetfollowup:round_import_preview round_import           login 200   403     403    403      403    403        200+
GET    budgetfollowup:round_import_apply round_import             login 405   405     405    405      405    405        405
POST   budgetfollowup:round_import_apply round_import             login 302   403     403    403      403    403        302+
GET    budgetfollowup:round_import_cancel round_import            login 405   405     405    405      405    405        405
POST   budgetfollowup:round_import_cancel round_import            login 302   403     403    403      403    403        302+

# Reports: final ones for district leaders and the committee, drafts for administrators only
GET    budgetfollowup:report_preview    round_draft               login 405   405     405    405      405    405        405
POST   budgetfollowup:report_preview    round_draft               login 302   404     404    404      404    404        404
POST   budgetfollowup:report_preview    round_published           login 302   403     403    404      403    404        403
GET    budgetfollowup:report_list       -                         login 200   200     200    403      200    403        200
POST   budgetfollowup:report_list       -                         login 200   200     200    403      200    403        200
GET    budgetfollowup:report_download   report_final              login 200   200     200    404      200    404        200
GET    budgetfollowup:report_download   report_draft              login 200   404     404    404      404    404        404
POST   budgetfollowup:report_download   report_final              login 200   200     200    404      200    404        200
GET    budgetfollowup:report_retry      report_failed             login 405   405     405    405      405    405        405
POST   budgetfollowup:report_retry      report_failed             login 302   403     403    404      403    404        403
POST   budgetfollowup:report_retry      report_draft              login 302   404     404    404      404    404        404

# Capacity: administrators see and record everything; a district leader sees the district's houses, a pedagogical
# leader their own; committee members and logins without a role nothing.
GET    capacity:overview                -                         login 200   200     200    200      403    403        403
POST   capacity:overview                -                         login 200   200     200    200      403    403        403
GET    capacity:district                district_a                login 200   200     404    404      403    403        403
GET    capacity:district                district_b                login 200   404     200    404      403    403        403
POST   capacity:district                district_a                login 200   200     404    404      403    403        403
GET    capacity:institution             institution_a             login 200   200     404    200      403    403        403
GET    capacity:institution             institution_a_other       login 200   200     404    404      403    403        403
GET    capacity:institution             institution_b             login 200   404     200    404      403    403        403
POST   capacity:institution             institution_a             login 200   200     404    200      403    403        403
GET    capacity:month_edit              institution_a             login 200   403     403    403      403    403        403
POST   capacity:month_edit              institution_a             login 200   403     403    403      403    403        403
GET    capacity:export_xlsx             -                         login 200   200     200    200      403    403        403
POST   capacity:export_xlsx             -                         login 200   200     200    200      403    403        403
GET    capacity:export_csv              -                         login 200   200     200    200      403    403        403
POST   capacity:export_csv              -                         login 200   200     200    200      403    403        403
GET    capacity:import                  -                         login 200   403     403    403      403    403        403
POST   capacity:import                  -                         login 200   403     403    403      403    403        403
GET    capacity:import_preview          capacity_import           login 200   403     403    403      403    403        403
POST   capacity:import_preview          capacity_import           login 200   403     403    403      403    403        403
GET    capacity:import_apply            capacity_import           login 405   405     405    405      405    405        405
POST   capacity:import_apply            capacity_import           login 302   403     403    403      403    403        403
GET    capacity:import_cancel           capacity_import           login 405   405     405    405      405    405        405
POST   capacity:import_cancel           capacity_import           login 302   403     403    403      403    403        403

# The capacity forecast: the administration and every leader read it (a pedagogical leader their houses' district);
# importing, scenarios, planned changes, district codes and the committee's PDF are the administration's, who send a
# ready version of the PDF to a committee: its members read that version (another, not sent to them, is a 404)
GET    capacity:forecast                -                         login 200   200     200    200      403    403        403
POST   capacity:forecast                -                         login 200   200     200    200      403    403        403
GET    capacity:forecast_xlsx           -                         login 200   200     200    200      403    403        403
POST   capacity:forecast_xlsx           -                         login 200   200     200    200      403    403        403
GET    capacity:forecast_sample_wide    -                         login 200   403     403    403      403    403        403
POST   capacity:forecast_sample_wide    -                         login 200   403     403    403      403    403        403
GET    capacity:forecast_sample_long    -                         login 200   403     403    403      403    403        403
POST   capacity:forecast_sample_long    -                         login 200   403     403    403      403    403        403
GET    capacity:forecast_edit           forecast                  login 200   403     403    403      403    403        403
POST   capacity:forecast_edit           forecast                  login 200   403     403    403      403    403        403
GET    capacity:forecast_pdfs           forecast                  login 200   403     403    403      403    403        403
POST   capacity:forecast_pdfs           forecast                  login 200   403     403    403      403    403        403
GET    capacity:forecast_pdf_request    forecast                  login 405   405     405    405      405    405        405
POST   capacity:forecast_pdf_request    forecast                  login 302   403     403    403      403    403        403
GET    capacity:forecast_pdf_download   forecast_report_ready     login 200   403     403    403      404    403        403
GET    capacity:forecast_pdf_download   forecast_report_sent      login 200   403     403    403      200    403        403
POST   capacity:forecast_pdf_download   forecast_report_ready     login 200   403     403    403      404    403        403
POST   capacity:forecast_pdf_download   forecast_report_sent      login 200   403     403    403      200    403        403
GET    capacity:forecast_pdf_retry      forecast_report_failed    login 405   405     405    405      405    405        405
POST   capacity:forecast_pdf_retry      forecast_report_failed    login 302   403     403    403      404    403        403
GET    capacity:forecast_pdf_send       forecast_report_ready     login 200   403     403    403      403    403        403
GET    capacity:forecast_pdf_send       forecast_report_sent      login 302   403     403    403      403    403        403
GET    capacity:forecast_pdf_send       forecast_report_failed    login 302   403     403    403      403    403        403
POST   capacity:forecast_pdf_send       forecast_report_ready     login 200   403     403    403      403    403        403
POST   capacity:forecast_pdf_send       forecast_report_sent      login 302   403     403    403      403    403        403
GET    capacity:scenario_create         -                         login 200   403     403    403      403    403        403
POST   capacity:scenario_create         -                         login 200   403     403    403      403    403        403
GET    capacity:scenario_edit           scenario                  login 200   403     403    403      403    403        403
POST   capacity:scenario_edit           scenario                  login 200   403     403    403      403    403        403
GET    capacity:change_create           -                         login 200   403     403    403      403    403        403
POST   capacity:change_create           -                         login 200   403     403    403      403    403        403
GET    capacity:change_edit             planned_change            login 200   403     403    403      403    403        403
POST   capacity:change_edit             planned_change            login 200   403     403    403      403    403        403
GET    capacity:district_codes          -                         login 200   403     403    403      403    403        403
POST   capacity:district_codes          -                         login 200   403     403    403      403    403        403
GET    capacity:forecast_import         -                         login 200   403     403    403      403    403        403
POST   capacity:forecast_import         -                         login 200   403     403    403      403    403        403
GET    capacity:forecast_import_preview forecast_import           login 200   403     403    403      403    403        403
POST   capacity:forecast_import_preview forecast_import           login 200   403     403    403      403    403        403
GET    capacity:forecast_import_apply   forecast_import           login 405   405     405    405      405    405        405
POST   capacity:forecast_import_apply   forecast_import           login 302   403     403    403      403    403        403
GET    capacity:forecast_import_cancel  forecast_import           login 405   405     405    405      405    405        405
POST   capacity:forecast_import_cancel  forecast_import           login 302   403     403    403      403    403        403

# Dashboards: the overview for administrators, a district's for its leader (recording their visit: "+")
GET    dashboards:overview              -                         login 200   403     403    403      403    403        403
POST   dashboards:overview              -                         login 200   403     403    403      403    403        403
GET    dashboards:district              district_a                login 200   200     404    403      404    404        404
GET    dashboards:district              district_b                login 200   404     200    404      404    404        404
POST   dashboards:district              district_a                login 200   200+    404    403      404    404        404
GET    dashboards:history               -                         login 200   403     403    403      403    403        403
POST   dashboards:history               -                         login 200   403     403    403      403    403        403
GET    dashboards:reporter              -                         login 403   403     403    403      403    403        200
POST   dashboards:reporter              -                         login 403   403     403    403      403    403        200
GET    dashboards:news_seen             -                         login 405   405     405    405      405    405        405
POST   dashboards:news_seen             -                         login 302   302+    302+   302+     302+   302+       302+

# Evaluations: every role reads them; administrators build them; district leaders add status and move their own
# district's actions (IDOR: A's leader must not move B's action)
GET    evaluations:evaluation_list      -                         login 200   200     200    200      200    403        200
POST   evaluations:evaluation_list      -                         login 200   200     200    200      200    403        200
GET    evaluations:evaluation_create    -                         login 200   403     403    403      403    403        403
POST   evaluations:evaluation_create    -                         login 200   403     403    403      403    403        403
GET    evaluations:evaluation_detail    evaluation                login 200   200     200    200      200    404        200
POST   evaluations:evaluation_detail    evaluation                login 200   200     200    200      200    404        200
GET    evaluations:evaluation_edit      evaluation                login 200   403     403    403      403    403        403
POST   evaluations:evaluation_edit      evaluation                login 200   403     403    403      403    403        403
GET    evaluations:status_report        evaluation                login 200   200     200    200      200    404        200
POST   evaluations:status_report        evaluation                login 200   200     200    200      200    404        200
GET    evaluations:status_report_pdfs   evaluation                login 200   200     200    200      200    404        200
POST   evaluations:status_report_pdfs   evaluation                login 200   200     200    200      200    404        200
GET    evaluations:status_report_pdf_request evaluation           login 405   405     405    405      405    405        405
POST   evaluations:status_report_pdf_request evaluation           login 302   403     403    403      403    404        403
GET    evaluations:status_report_download status_report_ready     login 200   200     200    200      200    404        200
POST   evaluations:status_report_download status_report_ready     login 200   200     200    200      200    404        200
GET    evaluations:status_report_download status_report_queued    login 404   404     404    404      404    404        404
GET    evaluations:status_report_retry status_report_failed       login 405   405     405    405      405    405        405
POST   evaluations:status_report_retry status_report_failed       login 302   403     403    403      403    404        403
GET    evaluations:evaluation_export    evaluation                login 200   200     200    200      200    404        200
POST   evaluations:evaluation_export    evaluation                login 200   200     200    200      200    404        200
GET    evaluations:report_file          evaluation                login 200   200     200    200      200    404        200
POST   evaluations:report_file          evaluation                login 200   200     200    200      200    404        200
GET    evaluations:goal_create          evaluation                login 200   403     403    403      403    403        403
POST   evaluations:goal_create          evaluation                login 200   403     403    403      403    403        403
GET    evaluations:recommendation_create evaluation               login 200   403     403    403      403    403        403
POST   evaluations:recommendation_create evaluation               login 200   403     403    403      403    403        403
GET    evaluations:action_create        evaluation                login 200   403     403    403      403    404        403
POST   evaluations:action_create        evaluation                login 200   403     403    403      403    404        403
GET    evaluations:action_edit          evaluation,action_a       login 200   200     403    403      403    404        403
GET    evaluations:action_edit          evaluation,action_b       login 200   403     200    403      403    404        403
POST   evaluations:action_edit          evaluation,action_a       login 200   200     403    403      403    404        403
POST   evaluations:action_edit          evaluation,action_b       login 200   403     200    403      403    404        403
GET    evaluations:goal_status_add      goal                      login 200   200     200    403      403    404        403
POST   evaluations:goal_status_add      goal                      login 200   200     200    403      403    404        403
GET    evaluations:recommendation_status_add recommendation       login 200   200     200    403      403    404        403
POST   evaluations:recommendation_status_add recommendation       login 200   200     200    403      403    404        403

# Notifications: everyone logged in has their own; nobody opens another's. Unsubscribing works by the signed link.
# Marking all read also moves the moment the dashboard counts news from (dashboards/news.py): their own data, "+".
GET    notifications:notice_list        -                         login 200   200     200    200      200    200        200
POST   notifications:notice_list        -                         login 200   200     200    200      200    200        200
GET    notifications:notice_open        notice_udvalg             login 404   404     404    404      302    404        404
POST   notifications:notice_open        notice_udvalg             login 404   404     404    404      302+   404        404
GET    notifications:mark_all_read      -                         login 405   405     405    405      405    405        405
POST   notifications:mark_all_read      -                         login 302   302+    302+   302+     302+   302+       302+
GET    notifications:preferences        -                         login 200   200     200    200      200    200        200
POST   notifications:preferences        -                         login 200   200     200    200      200    200        200
GET    notifications:unsubscribe        unsubscribe_udvalg        200   200   200     200    200      200    200        200
GET    notifications:unsubscribe        unsubscribe_forged        400   400   400     400    400      400    400        400
POST   notifications:unsubscribe        unsubscribe_udvalg        200+  200   200+    200+   200+     200+   200+       200+
POST   notifications:unsubscribe        unsubscribe_forged        400   400   400     400    400      400    400        400

# Supervision: administrators record and configure; a district leader sees the district's houses, a pedagogical
# leader their own, and both answer the self-assessment and note follow-up on orders; committee members nothing.
GET    supervision:overview             -                         login 200   200     200    200      403    403        403
POST   supervision:overview             -                         login 200   200     200    200      403    403        403
GET    supervision:settings             -                         login 200   403     403    403      403    403        403
POST   supervision:settings             -                         login 200   403     403    403      403    403        403
GET    supervision:institution          institution_a             login 200   200     404    200      403    403        403
GET    supervision:institution          institution_a_other       login 200   200     404    404      403    403        403
GET    supervision:institution          institution_b             login 200   404     200    404      403    403        403
POST   supervision:institution          institution_a             login 200   200     404    200      403    403        403
GET    supervision:visit_create         institution_a             login 200   403     403    403      403    403        403
POST   supervision:visit_create         institution_a             login 200   403     403    403      403    403        403
GET    supervision:visit                visit_a                   login 200   200     404    200      403    403        403
GET    supervision:visit                visit_a_other             login 200   200     404    404      403    403        403
GET    supervision:visit                visit_b                   login 200   404     200    404      403    403        403
POST   supervision:visit                visit_a                   login 200   200     404    200      403    403        403
GET    supervision:visit_edit           visit_a                   login 200   403     403    403      403    403        403
POST   supervision:visit_edit           visit_a                   login 200   403     403    403      403    403        403
GET    supervision:visit_cancel         visit_planned_a           login 200   403     404    403      403    403        403
GET    supervision:visit_cancel         visit_a                   login 302   403     404    403      403    403        403
POST   supervision:visit_cancel         visit_planned_a           login 302   403     404    403      403    403        403
POST   supervision:visit_cancel         visit_a                   login 302   403     404    403      403    403        403
GET    supervision:self_assessment      visit_planned_a           login 200   200     404    200      403    403        403
POST   supervision:self_assessment      visit_planned_a           login 200   200     404    200      403    403        403
POST   supervision:self_assessment      visit_a                   login 200   200     404    200      403    403        403
GET    supervision:order_add            visit_a_other             login 200   403     403    403      403    403        403
POST   supervision:order_add            visit_a_other             login 200   403     403    403      403    403        403
GET    supervision:follow_up_add        order_a_other             login 200   200     404    404      403    403        403
POST   supervision:follow_up_add        order_a_other             login 200   200     404    404      403    403        403
GET    supervision:report_pdfs          visit_a                   login 200   200     404    200      403    403        403
POST   supervision:report_pdfs          visit_a                   login 200   200     404    200      403    403        403
GET    supervision:report_pdf_request   visit_a                   login 405   405     405    405      405    405        405
POST   supervision:report_pdf_request   visit_a                   login 302   403     404    403      403    403        403
GET    supervision:report_download      supervision_report_a      login 200   200     404    200      403    403        403
POST   supervision:report_download      supervision_report_a      login 200   200     404    200      403    403        403
GET    supervision:report_retry         supervision_report_failed login 405   405     405    405      405    405        405
POST   supervision:report_retry         supervision_report_failed login 302   403     404    403      403    403        403

# Single sign-on: the provider's round trip needs no login (and does not exist without OIDC_ISSUER, nor SAML's
# without SAML_IDP_METADATA, as here: the sso tests run both against real providers); which groups give which roles
# is for administrators
GET    sso:authenticate                 -                         404   404   404     404    404      404    404        404
POST   sso:authenticate                 -                         405   405   405     405    405      405    405        405
GET    sso:callback                     -                         404   404   404     404    404      404    404        404
POST   sso:callback                     -                         405   405   405     405    405      405    405        405
GET    sso:saml_login                   -                         404   404   404     404    404      404    404        404
POST   sso:saml_login                   -                         404   404   404     404    404      404    404        404
GET    sso:saml_acs                     -                         404   404   404     404    404      404    404        404
POST   sso:saml_acs                     -                         404   404   404     404    404      404    404        404
GET    sso:saml_metadata                -                         404   404   404     404    404      404    404        404
POST   sso:saml_metadata                -                         404   404   404     404    404      404    404        404
GET    sso:group_mappings               -                         login 200   403     403    403      403    403        403
POST   sso:group_mappings               -                         login 200   403     403    403      403    403        403
GET    sso:group_mapping_delete         group_mapping             login 405   405     405    405      405    405        405
POST   sso:group_mapping_delete         group_mapping             login 302   403     403    403      403    403        403
# Single sign-on: the provider's round trip needs no login (and does not exist without OIDC_ISSUER, as here: the
# sso tests run it against a real provider); which groups give which roles is for administrators
# Learning plans: the public pages (no login, only what is published) and the work (the house's leader writes and
# sends, the district's leader approves or returns, administrators everything)
GET    learningplans:public_index       -                         200   200   200     200    200      200    200        200
POST   learningplans:public_index       -                         200   200   200     200    200      200    200        200
GET    learningplans:public_house       institution_a             200   200   200     200    200      200    200        200
POST   learningplans:public_house       institution_a             200   200   200     200    200      200    200        200
GET    learningplans:public_evaluation  lp_published_a            200   200   200     200    200      200    200        200
GET    learningplans:public_evaluation  lp_draft                  404   404   404     404    404      404    404        404
POST   learningplans:public_evaluation  lp_published_a            200   200   200     200    200      200    200        200
GET    learningplans:public_pdf         lp_published_pdf          200   200   200     200    200      200    200        200
GET    learningplans:public_pdf         lp_draft                  404   404   404     404    404      404    404        404
POST   learningplans:public_pdf         lp_published_pdf          200   200   200     200    200      200    200        200
GET    learningplans:public_plan        lp_plan_file              200   200   200     200    200      200    200        200
POST   learningplans:public_plan        lp_plan_file              200   200   200     200    200      200    200        200
GET    learningplans:overview           -                         login 200   200     200    200      403    403        403
POST   learningplans:overview           -                         login 200   200     200    200      403    403        403
GET    learningplans:overview_xlsx      -                         login 200   200     200    200      403    403        403
POST   learningplans:overview_xlsx      -                         login 200   200     200    200      403    403        403
GET    learningplans:institution        institution_a             login 200   200     404    200      403    403        403
GET    learningplans:institution        institution_a_other       login 200   200     404    404      403    403        403
GET    learningplans:institution        institution_b             login 200   404     200    404      403    403        403
POST   learningplans:institution        institution_a             login 200   200     404    200      403    403        403
GET    learningplans:plan_add           institution_a             login 200   403     404    200      403    403        403
POST   learningplans:plan_add           institution_a             login 200   403     404    200      403    403        403
GET    learningplans:evaluation_start   institution_a             login 405   405     405    405      405    405        405
POST   learningplans:evaluation_start   institution_a             login 302   403     404    302      403    403        403
GET    learningplans:evaluation         lp_draft                  login 200   200     404    200      403    403        403
GET    learningplans:evaluation         lp_sent                   login 200   200     404    404      403    403        403
GET    learningplans:evaluation         lp_published_b            login 200   404     200    404      403    403        403
POST   learningplans:evaluation         lp_draft                  login 200   200     404    200      403    403        403
GET    learningplans:evaluation_edit    lp_draft                  login 200   403     404    200      403    403        403
GET    learningplans:evaluation_edit    lp_sent                   login 403   403     404    404      403    403        403
POST   learningplans:evaluation_edit    lp_draft                  login 200   403     404    200      403    403        403
GET    learningplans:evaluation_send    lp_draft                  login 405   405     405    405      405    405        405
POST   learningplans:evaluation_send    lp_draft                  login 302   403     404    302      403    403        403
GET    learningplans:evaluation_approve lp_sent                   login 405   405     405    405      405    405        405
POST   learningplans:evaluation_approve lp_sent                   login 302   302+    404    404      403    403        403
POST   learningplans:evaluation_approve lp_draft                  login 403   403     404    403      403    403        403
GET    learningplans:evaluation_return  lp_sent                   login 200   200     404    404      403    403        403
POST   learningplans:evaluation_return  lp_sent                   login 200   200     404    404      403    403        403
GET    learningplans:attachment_add     lp_draft                  login 200   403     404    200      403    403        403
POST   learningplans:attachment_add     lp_draft                  login 200   403     404    200      403    403        403
GET    learningplans:pdfs               lp_published_a            login 200   200     404    200      403    403        403
POST   learningplans:pdfs               lp_published_a            login 200   200     404    200      403    403        403
GET    learningplans:pdf_request        lp_published_a            login 405   405     405    405      405    405        405
POST   learningplans:pdf_request        lp_published_a            login 302   403     404    403      403    403        403
GET    learningplans:attachment_download lp_attachment           login 200   200     404    200      403    403         403
POST   learningplans:attachment_download lp_attachment           login 200   200     404    200      403    403         403
GET    learningplans:attachment_delete  lp_attachment             login 405   405     405    405      405    405        405
POST   learningplans:attachment_delete  lp_attachment             login 302   403     404    302+     403    403        403
GET    learningplans:pdf_download       lp_pdf                    login 200   200     404    200      403    403        403
POST   learningplans:pdf_download       lp_pdf                    login 200   200     404    200      403    403        403
GET    learningplans:pdf_retry          lp_pdf_failed             login 405   405     405    405      405    405        405
POST   learningplans:pdf_retry          lp_pdf_failed             login 302   403     404    403      403    403        403
GET    dashboards:houses                -                         login 403   403     403    200      403    403        403
POST   dashboards:houses                -                         login 403   403     403    200      403    403        403
"""
# The apps whose rows must not change when a read-only persona POSTs.
SNAPSHOT_APPS = ["auth", "districts", "budgetfollowup", "evaluations", "capacity", "supervision", "notifications",
                 "dashboards", "sso", "learningplans"]


def _ready_report(round_, kind):
    from budgetfollowup.models import Report

    report, _ = Report.objects.get_or_create(round=round_, kind=kind, version=1)
    report.file.save(report.filename, ContentFile(pdf_bytes()), save=False)
    report.state = Report.State.READY
    report.save()
    return report.pk


def _failed_report(round_):
    from budgetfollowup.models import Report

    return Report.objects.create(round=round_, kind=Report.Kind.FINAL, version=99, state=Report.State.FAILED,
                                 error="Test").pk


def _status_report(ready, failed=False):
    from evaluations.models import Evaluation, StatusReport

    report = StatusReport.objects.create(evaluation=Evaluation.objects.get(),
                                         version=2 if ready else 3 if failed else 1)
    if failed:
        StatusReport.objects.filter(pk=report.pk).update(state=StatusReport.State.FAILED, error="Test")
    if ready:
        report.file.save(report.filename, ContentFile(pdf_bytes()), save=False)
        report.state = StatusReport.State.READY
        report.save()
    return report.pk


def _evaluation_with_file():
    from evaluations.models import Evaluation

    evaluation = Evaluation.objects.get()
    evaluation.report_file.save("evaluering.pdf", ContentFile(pdf_bytes()))
    return evaluation.pk


def _notice_udvalg():
    from notifications.models import Kind, Notice

    return Notice.objects.create(recipient=get_user_model().objects.get(username="udvalg"), kind=Kind.REPORT_READY,
                                 key="report:test", subject="Rapport klar", body="", url="/budget/rapporter/").pk


def _unsubscribe_token(username):
    from notifications import services
    from notifications.models import Kind

    url = services.unsubscribe_url(get_user_model().objects.get(username=username), Kind.REPORT_READY)
    return url.rstrip("/").rsplit("/", 1)[1]


def _capacity_import():
    from capacity import spreadsheets as capacity_spreadsheets
    from capacity.models import CapacityImport
    from districts.models import Institution

    content = capacity_spreadsheets.capacity_workbook(Institution.objects.filter(name="Børnehuset Egebjerg"))
    record = CapacityImport(original_name="kapacitet.xlsx", sha256="0" * 64)
    record.file.save("kapacitet.xlsx", ContentFile(content), save=False)
    record.save()
    return record.pk


def _forecast_import():
    from capacity import forecast_demo, forecast_spreadsheets
    from capacity.models import ForecastImport

    content = forecast_spreadsheets.sample_csv(forecast_demo.sample_figures(), "wide")
    record = ForecastImport(original_name="prognose.csv", sha256="0" * 64)
    record.file.save("prognose.csv", ContentFile(content), save=False)
    record.save()
    return record.pk


def _forecast_report(failed=False):
    from capacity.models import ForecastReport, PopulationForecast

    report = ForecastReport.objects.create(forecast=PopulationForecast.objects.current(), version=2 if failed else 1)
    if failed:
        ForecastReport.objects.filter(pk=report.pk).update(state=ForecastReport.State.FAILED, error="Test")
        return report.pk
    report.file.save(report.filename, ContentFile(pdf_bytes()), save=False)
    report.state = ForecastReport.State.READY
    report.save()
    return report.pk


def _forecast_report_sent():
    """A ready version sent to udvalg's committee (Børne- og Skoleudvalget) by the administrator."""
    from capacity.models import ForecastReport, ForecastSending, PopulationForecast
    from districts.models import Committee

    report = ForecastReport(forecast=PopulationForecast.objects.current(), version=3, state=ForecastReport.State.READY)
    report.file.save(report.filename, ContentFile(pdf_bytes()), save=False)
    report.save()
    ForecastSending.objects.create(report=report, committee=Committee.objects.get(name="Børne- og Skoleudvalget"),
                                   sent_by=get_user_model().objects.get(username="admin"))
    return report.pk


def _scenario():
    from capacity.models import CoverageScenario

    return CoverageScenario.objects.create(name="Flere i vuggestue").pk


def _supervision_visit(institution, state="completed"):
    from supervision.models import SupervisionVisit

    return SupervisionVisit.objects.filter(institution__name=institution, kind="pedagogical", state=state).first().pk


def _supervision_report(failed=False):
    from supervision.models import SupervisionReport

    report = SupervisionReport.objects.create(visit_id=_supervision_visit("Børnehuset Egebjerg"),
                                              version=2 if failed else 1)
    if failed:
        SupervisionReport.objects.filter(pk=report.pk).update(state=SupervisionReport.State.FAILED, error="Test")
        return report.pk
    report.file.save(report.filename, ContentFile(pdf_bytes()), save=False)
    report.state = SupervisionReport.State.READY
    report.save()
    return report.pk


def _open_order(institution):
    from supervision.models import Order

    return Order.objects.open().get(visit__institution__name=institution).pk


def _agreement_import():
    """An uploaded spreadsheet waiting for confirmation: the demo agreement exported as the import template."""
    import hashlib

    from budgetfollowup import spreadsheets
    from budgetfollowup.models import AgreementImport, BudgetAgreement

    content = spreadsheets.agreement_workbook(BudgetAgreement.objects.get())
    record = AgreementImport(original_name="aftale.xlsx", sha256=hashlib.sha256(content).hexdigest())
    record.file.save("aftale.xlsx", ContentFile(content))
    return record.pk


def _learning_plan_evaluation(house, state):
    from learningplans.models import PlanEvaluation

    return PlanEvaluation.objects.filter(institution__name=house, state=state).first().pk


def _learning_plan_pdf(failed=False):
    from learningplans.models import EvaluationPDF

    evaluation_id = _learning_plan_evaluation("Børnehuset Egebjerg", "published")
    version = EvaluationPDF.objects.filter(evaluation_id=evaluation_id).count() + 1
    document = EvaluationPDF.objects.create(evaluation_id=evaluation_id, version=version)
    if failed:
        EvaluationPDF.objects.filter(pk=document.pk).update(state=EvaluationPDF.State.FAILED, error="Test")
        return document
    document.file.save(document.filename, ContentFile(pdf_bytes()), save=False)
    document.state = EvaluationPDF.State.READY
    document.save()
    return document


def _learning_plan_file():
    import datetime

    from districts.models import Institution
    from learningplans.models import LearningPlan

    plan = LearningPlan(institution=Institution.objects.get(name="Børnehuset Egebjerg"),
                        plan_date=datetime.date(2020, 1, 1), original_name="laereplan.pdf")
    plan.file.save("laereplan.pdf", ContentFile(pdf_bytes()), save=False)
    plan.save()
    return plan.pk


def _learning_plan_attachment():
    from learningplans.models import Attachment

    attachment = Attachment(evaluation_id=_learning_plan_evaluation("Børnehuset Egebjerg", "draft"),
                            original_name="observationer.pdf")
    attachment.file.save("observationer.pdf", ContentFile(pdf_bytes()), save=False)
    attachment.save()
    return attachment.pk


def _group_mapping():
    from districts.models import District, Role
    from sso.models import GroupRoleMapping

    return GroupRoleMapping.objects.create(group="ledere-nord", kind=Role.Kind.DISTRICT_LEADER,
                                           district=District.objects.get(name="Distrikt Nord")).pk


def _current_forecast():
    from capacity.models import PopulationForecast

    return PopulationForecast.objects.current()


def _planned_change():
    from capacity.models import PlannedChange

    return PlannedChange.objects.first()


def _jonas():
    return get_user_model().objects.get(username="pl.jonas")


def _round_import():
    """A reporter's upload waiting for confirmation: center.sik's rows of the open round 2, as exported."""
    import hashlib

    from budgetfollowup import spreadsheets
    from budgetfollowup.models import Initiative, RoundImport

    round_ = _round(2)
    mine = set(Initiative.objects.filter(responsible_center__name="Skoler, Institutioner og Kultur").values_list(
        "pk", flat=True))
    content = spreadsheets.round_workbook(round_, only=mine)
    record = RoundImport(original_name="status.xlsx", sha256=hashlib.sha256(content).hexdigest(),
                         uploaded_by=get_user_model().objects.get(username="center.sik"))
    record.file.save("status.xlsx", ContentFile(content))
    return record.pk


def _round_open_for_reporting():
    """Round 2, a draft, opened for reporting as the demo has it (seed_demo): center.sik has sent 3.1 and 3.2, 3.3
    is returned, the rest not started."""
    from budgetfollowup import demo as budget_demo

    budget_demo.load_reporting()
    return _round(2).pk


def _round(number):
    from budgetfollowup.models import FollowUpRound

    return FollowUpRound.objects.get(number=number)


def _objects():
    """Key -> function returning the pk that fills a path parameter. Demo data must be loaded first."""
    from budgetfollowup.models import BudgetAgreement, Initiative
    from districts.models import District, Institution, Role
    from evaluations.models import Action, Goal, Recommendation

    return {
        "district_a": lambda: District.objects.get(name="Distrikt Nord").pk,
        "district_b": lambda: District.objects.get(name="Distrikt Syd").pk,
        # pl.mette leads Egebjerg; Grantoften is in the same district but led by someone else.
        "institution_a": lambda: Institution.objects.get(name="Børnehuset Egebjerg").pk,
        "institution_a_other": lambda: Institution.objects.get(name="Børnehuset Grantoften").pk,
        "institution_b": lambda: Institution.objects.get(name="Børnehuset Skovlunde").pk,
        "user": lambda: get_user_model().objects.get(username="pl.jonas").pk,
        "role": lambda: Role.objects.filter(user__username="pl.jonas").first().pk,
        "agreement": lambda: BudgetAgreement.objects.get().pk,
        "initiative": lambda: Initiative.objects.get(number="3.1").pk,
        "round_published": lambda: _round(1).pk,
        "round_draft": _round_open_for_reporting,
        "report_final": lambda: _ready_report(_round(1), "final"),
        "report_draft": lambda: _ready_report(_round(2), "draft"),
        "report_failed": lambda: _failed_report(_round(1)),
        "agreement_import": _agreement_import,
        "round_import": _round_import,
        "capacity_import": _capacity_import,
        "forecast": lambda: _current_forecast().pk,
        "forecast_import": _forecast_import,
        "forecast_report_ready": _forecast_report,
        "forecast_report_failed": lambda: _forecast_report(failed=True),
        "forecast_report_sent": _forecast_report_sent,
        "scenario": _scenario,
        "planned_change": lambda: _planned_change().pk,
        "evaluation": _evaluation_with_file,
        "status_report_ready": lambda: _status_report(ready=True),
        "status_report_queued": lambda: _status_report(ready=False),
        "status_report_failed": lambda: _status_report(ready=False, failed=True),
        "goal": lambda: Goal.objects.order_by("number").first().pk,
        "recommendation": lambda: Recommendation.objects.order_by("pk").first().pk,
        "action_a": lambda: Action.objects.filter(owner_district__name="Distrikt Nord").first().pk,
        "action_b": lambda: Action.objects.filter(owner_district__name="Distrikt Syd").first().pk,
        "visit_a": lambda: _supervision_visit("Børnehuset Egebjerg"),
        "visit_a_other": lambda: _supervision_visit("Børnehuset Grantoften"),
        "visit_b": lambda: _supervision_visit("Børnehuset Skovlunde"),
        "visit_planned_a": lambda: _supervision_visit("Børnehuset Egebjerg", state="planned"),
        "order_a_other": lambda: _open_order("Børnehuset Grantoften"),
        "supervision_report_a": _supervision_report,
        "supervision_report_failed": lambda: _supervision_report(failed=True),
        "notice_udvalg": _notice_udvalg,
        "unsubscribe_udvalg": lambda: _unsubscribe_token("udvalg"),
        "unsubscribe_forged": lambda: _unsubscribe_token("udvalg")[:-3] + "abc",
        "group_mapping": _group_mapping,
        # The one-time link to choose a password: valid for pl.jonas, and one that was never issued.
        "password_uid": lambda: urlsafe_base64_encode(force_bytes(_jonas().pk)),
        "password_token": lambda: default_token_generator.make_token(_jonas()),
        "password_forged": lambda: "cz3kx0-0123456789abcdef0123456789abcdef",
        "lp_draft": lambda: _learning_plan_evaluation("Børnehuset Egebjerg", "draft"),
        "lp_sent": lambda: _learning_plan_evaluation("Børnehuset Grantoften", "sent"),
        "lp_published_a": lambda: _learning_plan_evaluation("Børnehuset Egebjerg", "published"),
        "lp_published_b": lambda: _learning_plan_evaluation("Børnehuset Skovlunde", "published"),
        "lp_published_pdf": lambda: _learning_plan_pdf().evaluation_id,
        "lp_pdf": lambda: _learning_plan_pdf().pk,
        "lp_pdf_failed": lambda: _learning_plan_pdf(failed=True).pk,
        "lp_plan_file": _learning_plan_file,
        "lp_attachment": _learning_plan_attachment,
    }


def _load_demo():
    from .shared_demo import load_demo

    load_demo()  # the whole demo, as seed_demo loads it


def _parse(matrix):
    rows = []
    for line in matrix.strip().splitlines()[1:]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        method, url, objects, *outcomes = line.split()
        assert method in ("GET", "POST"), line
        assert len(outcomes) == len(PERSONAS), f"{len(PERSONAS)} outcomes expected: {line}"
        keys = [] if objects == "-" else objects.split(",")
        rows.append((method, url, keys, dict(zip(PERSONAS, outcomes, strict=True))))
    return rows


ROWS = _parse(MATRIX)


def our_urls():
    """Every named URL of ours: "namespace:name" (an unnamed one by its route, which then fails the test)."""
    found = set()

    def walk(patterns, namespace, route):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                module = getattr(pattern.urlconf_module, "__name__", "")
                if pattern.app_name == "admin" or module.startswith("django."):
                    continue  # Django's admin (superusers only) and i18n's set_language
                ns = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, ns, route + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                if pattern.callback.__module__.startswith(("django.views.static", "django.contrib.staticfiles")):
                    continue
                name = pattern.name or f"(unnamed) {route}{pattern.pattern}"
                found.add(f"{namespace}:{name}" if namespace else name)

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_is_in_the_permission_matrix():
    urls = our_urls()
    for method in ("GET", "POST"):
        covered = {url for m, url, _keys, _o in ROWS if m == method}
        missing = sorted(urls - covered)
        assert not missing, f"new URL not in the permission matrix ({method} row needed): {missing}"
    stale = sorted({url for _m, url, _k, _o in ROWS} - urls)
    assert not stale, f"rows for URLs that no longer exist: {stale}"


def _tables():
    tables = []
    for label in SNAPSHOT_APPS:
        try:
            tables += [model._meta.db_table for model in apps.get_app_config(label).get_models()]
        except LookupError:
            continue
    return tables


def _snapshot(tables):
    """What a POST could have changed, to compare before and after it. On PostgreSQL the rows this transaction has
    inserted, updated and deleted per table so far (`pg_stat_xact_user_tables`, kept by the server for every
    transaction): one cheap query, and stricter than comparing the rows, as even a write of the same values counts.
    Elsewhere every row of every table."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
                           "WHERE relname = ANY(%s)", [tables])
            counts = dict(cursor.fetchall())
        return {table: counts.get(table, 0) for table in tables}
    with connection.cursor() as cursor:
        quote = connection.ops.quote_name
        snapshot = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            snapshot[table] = sorted(map(repr, cursor.fetchall()))
        return snapshot


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)


def inline_code(html):
    """What the Content Security Policy would block in a page: inline scripts, style elements and attributes."""
    return INLINE_SCRIPT.findall(html) + INLINE_STYLE.findall(html)


def _outcome(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    outcome = str(response.status_code)
    # Every page every persona sees is checked against the CSP on the way.
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        if found := inline_code(response.content.decode()):
            outcome += f"(inline:{found[0]})"
    return outcome


def _sessions():
    """Each persona logged in once per test: persona -> the session cookie's value (none for anon). The sessions are
    kept in the database here, not in the cache as well (cached_db), so that what a request writes into its session
    is rolled back with everything else it wrote, and every request of the test starts from the same session."""
    sessions = {}
    for persona in PERSONAS:
        if persona != "anon":
            client = Client()
            client.force_login(get_user_model().objects.get(username=persona))
            sessions[persona] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return sessions


def _client(persona, sessions):
    client = Client(raise_request_exception=False)
    if persona in sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = sessions[persona]
    return client


def _group(url):
    return url.split(":")[0] if ":" in url else "site"


@pytest.mark.parametrize("group", sorted({_group(url) for _m, url, _k, _o in ROWS}))
def test_permission_matrix(group, db, settings, tmp_path):
    """One test per app (namespace), the demo loaded once; each request runs in a savepoint that is rolled back, so
    what an administrator's POST does (publish a round, delete a role) is undone before the next request."""
    settings.MEDIA_ROOT = tmp_path
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    _load_demo()
    sessions, tables = _sessions(), _tables()
    builders, objects = _objects(), {}
    wrong = []
    for method, name, keys, expected in (row for row in ROWS if _group(row[1]) == group):
        for key in keys:
            if key not in objects:
                objects[key] = builders[key]()
        path = reverse(name, args=[objects[key] for key in keys])
        got, changes = {}, []
        for persona in PERSONAS:
            # Each request in a savepoint that is rolled back: every persona meets the same database.
            with transaction.atomic():
                client = _client(persona, sessions)
                before = _snapshot(tables) if method == "POST" and persona != "admin" else None
                response = client.get(path) if method == "GET" else client.post(path, {})
                got[persona] = _outcome(response)
                if before is not None:
                    after = _snapshot(tables)
                    if changed := [label for label in before if before[label] != after[label]]:
                        got[persona] += "+"
                        changes.append(f"  {persona} changed {', '.join(changed)}")
                transaction.set_rollback(True)
        if got != expected:
            wrong.append(f"{method} {name} {','.join(keys) or '-'} ({path})\n"
                         f"  expected: {' '.join(expected[p] for p in PERSONAS)}\n"
                         f"  got:      {' '.join(got[p] for p in PERSONAS)}" + "".join(f"\n{c}" for c in changes))
    assert not wrong, "permission matrix differs (personas: " + " ".join(PERSONAS) + ")\n" + "\n".join(wrong)
