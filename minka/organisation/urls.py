from django.urls import path

from minka.organisation import edit_views, log_views, reports, views

urlpatterns = [
    path("", views.desk_home, name="desk_home"),
    path("<uuid:organisation_id>/", views.desk, name="desk"),
    path("<uuid:organisation_id>/pago-justo/", views.fair_pay, name="fair_pay"),
    path(
        "<uuid:organisation_id>/registro/",
        log_views.organisation_access_log,
        name="organisation_access_log",
    ),
    path("<uuid:organisation_id>/recalcular/", views.desk_refresh, name="desk_refresh"),
    path("<uuid:organisation_id>/proyecto/nuevo/", views.project_new, name="project_new"),
    path("proyecto/<uuid:project_id>/", views.project_page, name="project"),
    path("proyecto/<uuid:project_id>/partida/", views.budget_line_new, name="budget_line_new"),
    path("proyecto/<uuid:project_id>/indicador/", views.indicator_new, name="indicator_new"),
    path(
        "proyecto/<uuid:project_id>/periodo/<uuid:period_id>/",
        views.manual_actual,
        name="manual_actual",
    ),
    path("proyecto/<uuid:project_id>/gasto/", views.spending_new, name="spending_new"),
    path("proyecto/<uuid:project_id>/resumen/", views.summary_edit, name="summary_edit"),
    path("proyecto/<uuid:project_id>/iati.xml", reports.iati_xml, name="project_iati"),
    path("proyecto/<uuid:project_id>/informe.pdf", reports.report_pdf, name="project_pdf"),
    path("proyecto/<uuid:project_id>/informe.xlsx", reports.report_xlsx, name="project_xlsx"),
    path("<uuid:organisation_id>/donantes/", edit_views.donors, name="donors"),
    path("donante/<uuid:donor_id>/acceso/", edit_views.donor_login_new, name="donor_login_new"),
    path("proyecto/<uuid:project_id>/editar/", edit_views.project_edit, name="project_edit"),
    path("proyecto/<uuid:project_id>/donantes/", edit_views.project_donors, name="project_donors"),
    path(
        "proyecto/<uuid:project_id>/partida/<uuid:budget_line_id>/",
        edit_views.budget_line_edit,
        name="budget_line_edit",
    ),
    path(
        "proyecto/<uuid:project_id>/gasto/<uuid:spending_id>/corregir/",
        edit_views.spending_correct,
        name="spending_correct",
    ),
    path(
        "proyecto/<uuid:project_id>/resultado/<uuid:result_id>/",
        edit_views.result_edit,
        name="result_edit",
    ),
    path(
        "proyecto/<uuid:project_id>/indicador/<uuid:indicator_id>/",
        edit_views.indicator_edit,
        name="indicator_edit",
    ),
]
