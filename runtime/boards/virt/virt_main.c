/* main() for programs compiled with -Dmain=virt_app_main on QEMU's RISC-V virt machine: picolibc's semihosting
 * crt0 gives argv = {"program-name", "prog.elf", arg1, ...}; the program sees {"prog.elf", arg1, ...}, as the
 * Arm boards' startup code gives it. */
#include "virt.h"

int virt_app_main(int argc, char **argv);

int main(int argc, char **argv) {
    if (argc > 1)
        return virt_app_main(argc - 1, argv + 1);
    return virt_app_main(argc, argv);
}
