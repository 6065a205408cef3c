"""The /api/v1/ root: every app's router, one error shape, OpenAPI at /api/v1/docs."""

from ninja import NinjaAPI

from zhizhi.accounts.api import public_router as registration_router
from zhizhi.accounts.api import router as accounts_router
from zhizhi.appeals.api import public_router as appeals_public_router
from zhizhi.appeals.api import router as appeals_router
from zhizhi.core.api import install_error_handlers
from zhizhi.notify.api import router as notify_router
from zhizhi.servicehall.api import public_router as servicehall_public_router
from zhizhi.servicehall.api import router as servicehall_router

api = NinjaAPI(
    title="智治 Zhizhi API",
    version="1",
    description='Smart-governance platform API. Errors always answer {"message", "extra"}.',
    urls_namespace="api-v1",
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/auth", registration_router)
api.add_router("/", notify_router)
api.add_router("/servicehall", servicehall_public_router)
api.add_router("/servicehall", servicehall_router)
api.add_router("/appeals", appeals_public_router)
api.add_router("/appeals", appeals_router)
