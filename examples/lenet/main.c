/* Runs the capsc-generated LeNet on raw float32 images and prints the class scores.
 * Plain C99: the generated header is C-compatible; the generated .cpp is linked as C++.
 * Usage: lenet-demo IMAGE.f32...   (each file: 1x1x28x28 float32, little endian) */
#include <stdio.h>

#include "lenet.h"

int main(int argc, char **argv) {
    static float image[LENET_INPUT0_SIZE];
    static float scores[LENET_OUTPUT0_SIZE];
    if (argc < 2) {
        fprintf(stderr, "usage: %s IMAGE.f32...\n", argv[0]);
        return 2;
    }
    printf("model arena: %u bytes\n", (unsigned)LENET_ARENA_BYTES);
    for (int i = 1; i < argc; ++i) {
        FILE *f = fopen(argv[i], "rb");
        if (!f || fread(image, sizeof(float), LENET_INPUT0_SIZE, f) != LENET_INPUT0_SIZE) {
            fprintf(stderr, "cannot read %d floats from %s\n", LENET_INPUT0_SIZE, argv[i]);
            return 1;
        }
        fclose(f);
        int32_t status = lenet_run(image, scores);
        if (status != 0) {
            fprintf(stderr, "lenet_run failed: %d\n", (int)status);
            return 1;
        }
        int best = 0;
        for (int c = 1; c < LENET_OUTPUT0_SIZE; ++c)
            if (scores[c] > scores[best])
                best = c;
        printf("%s: class %d, scores", argv[i], best);
        for (int c = 0; c < LENET_OUTPUT0_SIZE; ++c)
            printf(" %.4f", (double)scores[c]);
        printf("\n");
    }
    return 0;
}
