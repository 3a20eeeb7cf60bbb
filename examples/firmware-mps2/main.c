/* Classifies the bundled Fashion-MNIST test images with the int8 CapsNet that capsc compiled into this firmware
 * (capsc_add_model in CMakeLists.txt) and prints each prediction and the instructions one inference takes. On
 * QEMU's MPS2 boards printf goes to the host through semihosting and main's return value is QEMU's exit status. */
#include <stdint.h>
#include <stdio.h>

#include "capsnet.h"
#include "mps2.h"
#include "test_images.h"

static const char *const kClasses[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                         "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

int main(void) {
    static float scores[CAPSNET_OUTPUT0_SIZE];
    int correct = 0;
    uint64_t instructions = 0;
    for (int i = 0; i < TEST_IMAGE_COUNT; ++i) {
        const uint32_t start = mps2_ticks();
        const int32_t status = capsnet_run(test_images[i], scores);
        instructions = MPS2_TICKS_TO_INSTRUCTIONS(mps2_ticks() - start);
        if (status != 0) {
            printf("capsnet_run failed: %ld\n", (long)status);
            return 1;
        }
        int best = 0;
        for (int c = 1; c < CAPSNET_OUTPUT0_SIZE; ++c)
            if (scores[c] > scores[best])
                best = c;
        correct += best == test_labels[i];
        printf("image %2d: predicted %-11s true %-11s%s\n", i, kClasses[best], kClasses[test_labels[i]],
               best == test_labels[i] ? "" : "  <- wrong");
    }
    printf("%d of %d correct; %lu instructions per inference (QEMU -icount); arena %u bytes; target %s\n", correct,
           TEST_IMAGE_COUNT, (unsigned long)instructions, (unsigned)CAPSNET_ARENA_BYTES, CAPSNET_TARGET);
    return correct > 0 ? 0 : 1;
}
