"""The OpenID provider as the settings name it."""

from __future__ import annotations

from dataclasses import dataclass

from ...settings import Settings

CALLBACK = "/auth/oidc/callback"
SCOPES = "openid email profile"


@dataclass(frozen=True)
class OidcConfig:
    issuer: str
    client_id: str
    client_secret: str
    label: str  # what people call these accounts ("UCLG account")
    create_accounts: bool
    admin_claim: str  # "" | "claim" | "claim=value" (domain of `claims.admin_claim_holds`)
    redirect_uri: str  # {ACCORD_PUBLIC_URL}/auth/oidc/callback, registered at the provider

    @classmethod
    def of(cls, settings: Settings) -> OidcConfig | None:
        """The provider the settings name, or None when there is none (`Settings.check_oidc` refused half of one
        when the app was made)."""
        if not settings.oidc_issuer:
            return None
        return cls(
            issuer=settings.oidc_issuer.strip(),
            client_id=settings.oidc_client_id.strip(),
            client_secret=settings.oidc_client_secret.strip(),
            label=settings.oidc_label.strip(),
            create_accounts=settings.oidc_create_accounts,
            admin_claim=settings.oidc_admin_claim.strip(),
            redirect_uri=settings.public_url.rstrip("/") + CALLBACK,
        )
