/* Runs a capsc-generated model (compiled with -name=net) over a batch of images.
 * Usage: batch-runner IMAGES.f32 COUNT SCORES.f32
 * IMAGES.f32: COUNT x NET_INPUT0_SIZE float32 (little endian); SCORES.f32 receives COUNT x NET_OUTPUT0_SIZE. */
#include <stdio.h>
#include <stdlib.h>

#include "net.h"

int main(int argc, char **argv) {
    static float image[NET_INPUT0_SIZE];
    static float scores[NET_OUTPUT0_SIZE];
    if (argc != 4) {
        fprintf(stderr, "usage: %s IMAGES.f32 COUNT SCORES.f32\n", argv[0]);
        return 2;
    }
    long count = strtol(argv[2], NULL, 10);
    FILE *in = fopen(argv[1], "rb"), *out = fopen(argv[3], "wb");
    if (!in || !out || count <= 0) {
        fprintf(stderr, "cannot open %s / %s or bad count\n", argv[1], argv[3]);
        return 1;
    }
    for (long i = 0; i < count; ++i) {
        if (fread(image, sizeof(float), NET_INPUT0_SIZE, in) != NET_INPUT0_SIZE) {
            fprintf(stderr, "short read at image %ld\n", i);
            return 1;
        }
        int32_t status = net_run(image, scores);
        if (status != 0) {
            fprintf(stderr, "net_run failed on image %ld: %d\n", i, (int)status);
            return 1;
        }
        fwrite(scores, sizeof(float), NET_OUTPUT0_SIZE, out);
    }
    fclose(in);
    return fclose(out) == 0 ? 0 : 1;
}
