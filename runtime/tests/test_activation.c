/**
 * @file test_activation.c
 * @brief Unit tests of caps_relu_f32, caps_clip_f32, caps_leaky_relu_f32, caps_sigmoid_f32 and caps_tanh_f32.
 *
 * Each kernel is compared with its formula in double on seeded random inputs plus special values
 * (signed zeros, tiny and huge magnitudes, infinities, NaN), out of place and in place; parameter
 * validation (NULL pointers, size <= 0) must return CAPS_ERR_ARG without writing.
 */
#include "test_util.h"

typedef caps_status_t (*unary_kernel_t)(const caps_unary_params_t *, const float *, float *);
typedef double (*unary_ref_t)(double x, double alpha, double beta);

static double ref_relu(double x, double alpha, double beta) {
    (void)alpha;
    (void)beta;
    return isnan(x) ? x : (x > 0.0 ? x : 0.0);
}

static double ref_clip(double x, double lo, double hi) {
    if (isnan(x))
        return x;
    return fmin(fmax(x, lo), hi);
}

static double ref_leaky_relu(double x, double alpha, double beta) {
    (void)beta;
    return x >= 0.0 ? x : alpha * x;
}

static double ref_sigmoid(double x, double alpha, double beta) {
    (void)alpha;
    (void)beta;
    return 1.0 / (1.0 + exp(-x));
}

static double ref_tanh(double x, double alpha, double beta) {
    (void)alpha;
    (void)beta;
    return tanh(x);
}

#define N_SPECIAL 14
static void fill_input(float *x, int32_t n, float range) {
    const float special[N_SPECIAL] = {0.0f,   -0.0f,  1e-8f,   -1e-8f, 1.0f,   -1.0f,    20.0f,
                                      -20.0f, 100.0f, -100.0f, 1e30f,  -1e30f, INFINITY, -INFINITY};
    tu_fill(x, n, -range, range);
    for (int32_t i = 0; i < N_SPECIAL && i < n; ++i)
        x[i] = special[i];
}

static void
run(const char *name, unary_kernel_t kernel, unary_ref_t ref, float alpha, float beta, double rtol, double atol) {
    const int32_t n = 257;
    caps_unary_params_t p;
    memset(&p, 0, sizeof p);
    p.size = n;
    p.alpha = alpha;
    p.beta = beta;
    float x[257], y[257];
    double want[257];
    fill_input(x, n, 8.0f);
    x[n - 1] = NAN;
    for (int32_t i = 0; i < n; ++i)
        want[i] = ref((double)x[i], (double)alpha, (double)beta);
    CHECK(kernel(&p, x, y) == CAPS_OK);
    CHECK_CLOSE(name, y, want, n, rtol, atol);
    /* In place gives the same bits. */
    float z[257];
    memcpy(z, x, sizeof z);
    CHECK(kernel(&p, z, z) == CAPS_OK);
    CHECK_BITS(z, y, n);
    /* Validation. */
    tu_fill_sentinel(y, n);
    CHECK(kernel(NULL, x, y) == CAPS_ERR_ARG);
    CHECK(kernel(&p, NULL, y) == CAPS_ERR_ARG);
    CHECK(kernel(&p, x, NULL) == CAPS_ERR_ARG);
    p.size = 0;
    CHECK(kernel(&p, x, y) == CAPS_ERR_ARG);
    p.size = -4;
    CHECK(kernel(&p, x, y) == CAPS_ERR_ARG);
    CHECK(tu_is_sentinel(y, n));
}

int main(void) {
    tu_seed(31337u);
    run("relu", caps_relu_f32, ref_relu, 0.0f, 0.0f, 0.0, 0.0);
    run("clip [-1, 2]", caps_clip_f32, ref_clip, -1.0f, 2.0f, 0.0, 0.0);
    run("clip [0, 6]", caps_clip_f32, ref_clip, 0.0f, 6.0f, 0.0, 0.0);
    run("clip min > max", caps_clip_f32, ref_clip, 3.0f, 1.0f, 0.0, 0.0);
    run("clip [-inf, inf]", caps_clip_f32, ref_clip, -INFINITY, INFINITY, 0.0, 0.0);
    run("leaky_relu 0.1", caps_leaky_relu_f32, ref_leaky_relu, 0.1f, 0.0f, 1e-7, 0.0);
    run("leaky_relu -0.5", caps_leaky_relu_f32, ref_leaky_relu, -0.5f, 0.0f, 1e-7, 0.0);
    run("sigmoid", caps_sigmoid_f32, ref_sigmoid, 0.0f, 0.0f, 1e-6, 1e-30);
    run("tanh", caps_tanh_f32, ref_tanh, 0.0f, 0.0f, 1e-6, 1e-30);

    /* Exact small cases. */
    caps_unary_params_t p;
    memset(&p, 0, sizeof p);
    p.size = 4;
    float x[4] = {-2.0f, -0.5f, 0.5f, 3.0f}, y[4];
    CHECK(caps_relu_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 0.0f && y[1] == 0.0f && y[2] == 0.5f && y[3] == 3.0f);
    p.alpha = 0.25f;
    CHECK(caps_leaky_relu_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == -0.5f && y[1] == -0.125f && y[2] == 0.5f && y[3] == 3.0f);
    p.alpha = -1.0f;
    p.beta = 1.0f;
    CHECK(caps_clip_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == -1.0f && y[1] == -0.5f && y[2] == 0.5f && y[3] == 1.0f);
    p.size = 1;
    x[0] = 0.0f;
    CHECK(caps_sigmoid_f32(&p, x, y) == CAPS_OK);
    CHECK(y[0] == 0.5f);
    return tu_finish("test_activation");
}
