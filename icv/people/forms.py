from flask_wtf import FlaskForm
from wtforms import HiddenField

from icv.forms import email_field, submit


class FindPersonForm(FlaskForm):
    email = email_field(
        "Email address",
        description="The address the person applied with or signs in with.",
    )
    submit = submit("Find everything held")


class EraseForm(FindPersonForm):
    """Posted from the person's page (to ask, or to download) and from the confirmation page
    (to erase). A bad address shows the search form again, with its error."""

    #: "yes" only from the confirmation page's button.
    confirmed = HiddenField()
