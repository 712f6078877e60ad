"""The county's web door (``draft server run``): logins, the dashboard, and serve's form page mounted per submission."""
