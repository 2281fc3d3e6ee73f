// libjpeg-turbo's TurboJPEG API (Debian: libturbojpeg0-dev). TurboJPEG reports corrupt or truncated
// data through return codes (it installs its own setjmp/longjmp error manager), unlike the plain
// libjpeg API, whose default error handler calls exit().
#include <turbojpeg.h>
