/* Classifies Fashion-MNIST images with the capsc-generated CapsNet (compiled with -name=capsnet) and
 * prints each prediction next to the true label.
 * Usage: capsnet-demo IMAGES.f32 LABELS.i64 COUNT
 *   IMAGES.f32: COUNT x 1x28x28 float32 in [0, 1]; LABELS.i64: COUNT int64 class ids. */
#include <stdio.h>
#include <stdlib.h>

#include "capsnet.h"

static const char *const kClasses[10] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                         "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

int main(int argc, char **argv) {
    static float image[CAPSNET_INPUT0_SIZE];
    static float scores[CAPSNET_OUTPUT0_SIZE];
    if (argc != 4) {
        fprintf(stderr, "usage: %s IMAGES.f32 LABELS.i64 COUNT\n", argv[0]);
        return 2;
    }
    FILE *images = fopen(argv[1], "rb"), *labels = fopen(argv[2], "rb");
    long count = strtol(argv[3], NULL, 10);
    if (!images || !labels || count <= 0) {
        fprintf(stderr, "cannot read %s / %s\n", argv[1], argv[2]);
        return 1;
    }
    int correct = 0;
    for (long i = 0; i < count; ++i) {
        long long label = 0;
        if (fread(image, sizeof(float), CAPSNET_INPUT0_SIZE, images) != CAPSNET_INPUT0_SIZE ||
            fread(&label, sizeof(label), 1, labels) != 1 || label < 0 || label > 9) {
            fprintf(stderr, "short read at image %ld\n", i);
            return 1;
        }
        int32_t status = capsnet_run(image, scores);
        if (status != 0) {
            fprintf(stderr, "capsnet_run failed: %d\n", (int)status);
            return 1;
        }
        int best = 0;
        for (int c = 1; c < CAPSNET_OUTPUT0_SIZE; ++c)
            if (scores[c] > scores[best])
                best = c;
        correct += best == (int)label;
        printf("image %2ld: predicted %-11s (capsule length %.3f)  true %-11s %s\n", i, kClasses[best],
               (double)scores[best], kClasses[label], best == (int)label ? "" : "  <- wrong");
    }
    printf("%d of %ld correct; activation arena %u bytes\n", correct, count, (unsigned)CAPSNET_ARENA_BYTES);
    fclose(images);
    fclose(labels);
    return 0;
}
