"""The POST data of admin forms: built from the page itself, as a browser would, or a new membership's."""


def form_data(response, **values):
    """The admin form's current values and its inline management forms, with `values` on top."""
    data = {}
    adminform = response.context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform.initial.get(name, field.initial)
        if value is None:
            value = ""
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, list | tuple):
            value = [getattr(item, "pk", item) for item in value]
        data[name] = value
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, "")
        for form in formset.initial_forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                data[form.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)
        for form in formset.extra_forms:  # a browser sends an empty row's preselected choices too
            for name, field in form.fields.items():
                value = form.get_initial_for_field(field, name)
                if isinstance(value, str) and value:
                    data[form.add_prefix(name)] = value
    data.update(values)
    return {key: value for key, value in data.items() if value is not False}


def membership_form(*, alliance, organization, **values):
    """The POST data of a new membership of `organization` in `alliance` (a draft, no sources), with `values` on top."""
    return {
        "alliance": alliance.pk,
        "organization": organization.pk,
        "country": "",
        "role": "member",
        "status": "draft",
        "start": "2025-01-01",
        "end": "",
        "end_reason": "",
        "notes": "",
        "citations-TOTAL_FORMS": "0",
        "citations-INITIAL_FORMS": "0",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        **values,
    }
