# Copy to instance/config.py for settings local to this machine. Environment variables
# (ICV_*) override anything here; in production prefer them and keep secrets out of files.
#
# SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://icv:secret@localhost/icv"
# ICV_BASE_URL = "https://icv.example.org"   # used for links in emails
# ICV_SMTP_HOST = "smtp.example.org"
# ICV_SMTP_PORT = 587
# ICV_SMTP_STARTTLS = True
# ICV_MAIL_FROM = "icv@example.org"
