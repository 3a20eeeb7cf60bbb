/* Exit for QEMU's RISC-V virt machine (virt.h). */
#include "virt.h"

#include <stdlib.h>

void virt_exit(int status) {
    fflush(stdout);
    fflush(stderr);
    exit(status);
}
