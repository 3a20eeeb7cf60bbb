/**
 * @file test_normalization.c
 * @brief Unit tests of caps_batch_norm_f32.
 *
 * Compared with y = scale * (x - mean) / sqrt(var + epsilon) + bias evaluated in double for shapes with
 * and without spatial dims, several epsilons, and in place (output = input); a float evaluation of the
 * documented expression must match bit for bit; invalid parameters return CAPS_ERR_ARG.
 */
#include "test_util.h"

static void run_case(int32_t n, int32_t c, int32_t spatial, float epsilon, int in_place) {
    caps_batch_norm_params_t p;
    memset(&p, 0, sizeof p);
    p.n = n;
    p.c = c;
    p.spatial = spatial;
    p.epsilon = epsilon;
    const int32_t total = n * c * spatial;
    float *x = tu_alloc(total), *y = tu_alloc(total), *yo = tu_alloc(total);
    float *scale = tu_alloc(c), *bias = tu_alloc(c), *mean = tu_alloc(c), *var = tu_alloc(c);
    double *ref = tu_alloc_d(total);
    tu_fill(x, total, -3.0f, 3.0f);
    tu_fill(scale, c, -2.0f, 2.0f);
    tu_fill(bias, c, -1.0f, 1.0f);
    tu_fill(mean, c, -1.0f, 1.0f);
    tu_fill(var, c, 0.0f, 2.0f);
    for (int32_t i = 0; i < total; ++i) {
        const int32_t ch = (i / spatial) % c;
        ref[i] = (double)scale[ch] * ((double)x[i] - (double)mean[ch]) / sqrt((double)var[ch] + (double)epsilon) +
                 (double)bias[ch];
        yo[i] = scale[ch] * (x[i] - mean[ch]) / sqrtf(var[ch] + epsilon) + bias[ch];
    }
    float *out = y;
    if (in_place) {
        memcpy(y, x, (size_t)total * sizeof(float));
        CHECK(caps_batch_norm_f32(&p, y, scale, bias, mean, var, y) == CAPS_OK);
    } else {
        CHECK(caps_batch_norm_f32(&p, x, scale, bias, mean, var, out) == CAPS_OK);
    }
    char name[64];
    snprintf(name, sizeof name, "batch_norm %dx%dx%d", (int)n, (int)c, (int)spatial);
    CHECK_CLOSE(name, y, ref, total, 2e-5, 1e-5);
    CHECK_BITS(y, yo, total);
    free(x);
    free(y);
    free(yo);
    free(scale);
    free(bias);
    free(mean);
    free(var);
    free(ref);
}

static void test_validation(void) {
    caps_batch_norm_params_t good;
    memset(&good, 0, sizeof good);
    good.n = 1;
    good.c = 2;
    good.spatial = 3;
    good.epsilon = 1e-5f;
    float x[6] = {0}, s[2] = {1, 1}, b[2] = {0}, m[2] = {0}, v[2] = {1, 1}, y[6];
    CHECK(caps_batch_norm_f32(&good, x, s, b, m, v, y) == CAPS_OK);
    tu_fill_sentinel(y, 6);
    CHECK(caps_batch_norm_f32(NULL, x, s, b, m, v, y) == CAPS_ERR_ARG);
    CHECK(caps_batch_norm_f32(&good, NULL, s, b, m, v, y) == CAPS_ERR_ARG);
    CHECK(caps_batch_norm_f32(&good, x, NULL, b, m, v, y) == CAPS_ERR_ARG);
    CHECK(caps_batch_norm_f32(&good, x, s, NULL, m, v, y) == CAPS_ERR_ARG);
    CHECK(caps_batch_norm_f32(&good, x, s, b, NULL, v, y) == CAPS_ERR_ARG);
    CHECK(caps_batch_norm_f32(&good, x, s, b, m, NULL, y) == CAPS_ERR_ARG);
    CHECK(caps_batch_norm_f32(&good, x, s, b, m, v, NULL) == CAPS_ERR_ARG);
    caps_batch_norm_params_t p = good;
    p.n = 0;
    CHECK(caps_batch_norm_f32(&p, x, s, b, m, v, y) == CAPS_ERR_ARG);
    p = good;
    p.c = -1;
    CHECK(caps_batch_norm_f32(&p, x, s, b, m, v, y) == CAPS_ERR_ARG);
    p = good;
    p.spatial = 0;
    CHECK(caps_batch_norm_f32(&p, x, s, b, m, v, y) == CAPS_ERR_ARG);
    p = good;
    p.spatial = 0x40000000; /* n * c * spatial overflows int32 */
    CHECK(caps_batch_norm_f32(&p, x, s, b, m, v, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, 6));
}

int main(void) {
    tu_seed(99u);
    run_case(1, 3, 1, 1e-5f, 0);  /* [n, c] input */
    run_case(2, 4, 25, 1e-5f, 0); /* NCHW 5x5 */
    run_case(3, 8, 7, 1e-3f, 1);  /* in place */
    run_case(1, 16, 64, 0.0f, 0); /* epsilon 0 */
    run_case(2, 5, 12, 0.1f, 1);
    test_validation();
    return tu_finish("test_normalization");
}
