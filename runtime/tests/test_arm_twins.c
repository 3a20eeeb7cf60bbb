/**
 * @file test_arm_twins.c
 * @brief Every arm/ kernel against its ref/ twin, byte for byte: the library linked here has the arm/ variant
 *        under the kernel's name, and the ref/ source is compiled again under a caps_ref_twin_ name
 *        (tests/CMakeLists.txt). Built and run (on QEMU) only for cores with the DSP extension.
 *
 * caps_fc_s8: random sizes, offsets and requantization, extremes with sums beyond int32, invalid cases.
 * caps_add_s8: random broadcast shapes, offsets, left shifts and requantization pairs, in place, invalid cases.
 * caps_reduce_mean_s8: random shapes and masks (trailing ones and others), NHWC global pooling (middle axes, more
 * than 256 rows), extremes, a long run, invalid masks.
 * caps_predict_s8: random capsule shapes, int8 and pow2 requantization, extremes, the invalid cases.
 * caps_conv2d_s8: random geometries (strides, dilations, paddings, groups and depthwise, 3x3 ones too, odd
 * channel and position counts, k not a multiple of 4), random offsets, activation ranges and int8 / pow2 requantization,
 * plus the extremes of test_quantized.c (all -128 / 127, int32-limit biases) and a 1x1 convolution over
 * 70000 channels whose sums exceed int32; invalid parameters must fail alike without writing.
 *
 * Compiled with CAPSRT_PULP_TWINS it is test_pulp_twins: the pulp/ convolution, fully connected, prediction,
 * length (also with a 70000-element capsule and an invalid ratio) and dynamic routing kernels (0 .. 8 accumulator
 * sets against the team's cores)
 * (compiled in under a caps_pulp_twin_ name) against the library's ref/ ones, with 1, 2 and 8 emulated cluster
 * cores, on the host and on QEMU RV32IMC; with CAPSRT_PULP_IN_LIBRARY as well (the CORE-V build, whose library
 * has the pulp/ kernels) the library's against ref/ twins compiled in, like the arm/ ones.
 */
#include "twin_util.h"

#ifdef CAPSRT_PULP_TWINS
#include "../src/pulp/internal/pulp_cluster.h"
#endif
#if defined(CAPSRT_PULP_TWINS) && !defined(CAPSRT_PULP_IN_LIBRARY)
#define TWIN(name) caps_pulp_twin_##name /* the variant under test, compiled in here */
#define VARIANT(name) TWIN(name)
#define REF(name) caps_##name
#else
#define TWIN(name) caps_ref_twin_##name /* the reference, compiled in here */
#define VARIANT(name) caps_##name
#define REF(name) TWIN(name)
#endif

caps_status_t TWIN(conv2d_s8)(const caps_conv2d_s8_params_t *params,
                                      const int8_t *input,
                                      const int8_t *weights,
                                      const int32_t *bias,
                                      const int32_t *multiplier,
                                      const int32_t *shift,
                                      void *scratch,
                                      int8_t *output);

caps_status_t TWIN(predict_s8)(const caps_predict_params_t *params,
                                       const int8_t *u,
                                       const int8_t *weights,
                                       const int32_t *multiplier,
                                       const int32_t *shift,
                                       int8_t *u_hat);

caps_status_t TWIN(fc_s8)(const caps_fc_s8_params_t *params,
                                  const int8_t *input,
                                  const int8_t *weights,
                                  const int32_t *bias,
                                  const int32_t *multiplier,
                                  const int32_t *shift,
                                  int8_t *output);

#ifndef CAPSRT_PULP_TWINS
caps_status_t caps_ref_twin_reduce_mean_s8(const caps_reduce_params_t *params, const int8_t *input, int8_t *output);
caps_status_t caps_ref_twin_add_s8(const caps_binary_s8_params_t *params, const int8_t *a, const int8_t *b, int8_t *output);
#endif

static void fill_s8(int8_t *x, int32_t n, int32_t lo, int32_t hi) {
    for (int32_t i = 0; i < n; ++i)
        x[i] = (int8_t)tu_rand_int(lo, hi);
}

/** Runs both variants on the same data; 1 when statuses and all output bytes (and the guard) agree. */
static int conv_twins_agree(const caps_conv2d_s8_params_t *p,
                            const int8_t *x,
                            const int8_t *w,
                            const int32_t *bias,
                            const int32_t *mult,
                            const int32_t *shift,
                            int32_t ny) {
    int8_t *y_arm, *y_ref;
    twin_alloc_outputs(ny, &y_arm, &y_ref);
    const int32_t scratch_bytes = caps_conv2d_s8_get_buffer_size(p) > 4 ? caps_conv2d_s8_get_buffer_size(p) : 4;
    void *scratch = tu_alloc_bytes(scratch_bytes, 1);
    const caps_status_t s_arm = VARIANT(conv2d_s8)(p, x, w, bias, mult, shift, scratch, y_arm);
    const caps_status_t s_ref = REF(conv2d_s8)(p, x, w, bias, mult, shift, scratch, y_ref);
    free(scratch);
    return twin_outputs_agree("caps_conv2d_s8", s_arm, s_ref, y_arm, y_ref, ny);
}

static int32_t out_size(int32_t in, int32_t k, int32_t stride, int32_t pad, int32_t dil) {
    return (in + 2 * pad - (k - 1) * dil - 1) / stride + 1;
}

/**
 * Fills the output geometry, offsets and activation range of p at random, then random data, weights and per-channel
 * requantization (pow2 or int8, biases from bias_of, NULL when no_bias) and checks both variants agree in each
 * layout (NCHW, NHWC input, NHWC output, NHWC).
 */
static void conv_random_case(caps_conv2d_s8_params_t *p, int pow2, int32_t (*bias_of)(void), int no_bias) {
    p->out_h = out_size(p->in_h, p->k_h, p->stride_h, p->pad_top, p->dil_h);
    p->out_w = out_size(p->in_w, p->k_w, p->stride_w, p->pad_left, p->dil_w);
    p->input_offset = tu_rand_int(-127, 128);
    p->output_offset = tu_rand_int(-128, 127);
    p->act_min = tu_rand_int(-128, 0);
    p->act_max = tu_rand_int(p->act_min, 127);
    const int32_t nx = p->n * p->in_c * p->in_h * p->in_w;
    const int32_t nw = p->out_c * (p->in_c / p->groups) * p->k_h * p->k_w;
    const int32_t ny = p->n * p->out_c * p->out_h * p->out_w;
    int8_t *x = twin_alloc_s8(nx), *w = twin_alloc_s8(nw);
    int32_t *bias = (int32_t *)tu_alloc_bytes(p->out_c, 4), *mult = (int32_t *)tu_alloc_bytes(p->out_c, 4);
    int32_t *shift = (int32_t *)tu_alloc_bytes(p->out_c, 4);
    fill_s8(x, nx, -128, 127);
    fill_s8(w, nw, -128, 127);
    for (int32_t oc = 0; oc < p->out_c; ++oc) {
        bias[oc] = bias_of();
        mult[oc] = pow2 ? 0 : (int32_t)((1u << 30) + (tu_rand_u32() & 0x3fffffffu));
        shift[oc] = pow2 ? tu_rand_int(-14, 2) : tu_rand_int(-12, 1);
    }
    for (p->layout = CAPS_LAYOUT_NCHW; p->layout <= CAPS_LAYOUT_NHWC; ++p->layout) /* the same bytes in each */
        CHECK(conv_twins_agree(p, x, w, no_bias ? NULL : bias, mult, shift, ny));
    p->layout = CAPS_LAYOUT_NCHW;
    free(x);
    free(w);
    free(bias);
    free(mult);
    free(shift);
}

static int32_t small_bias(void) { return tu_rand_int(-100000, 100000); }

/** Biases around the 2^29 bound of the fast epilogue and at the int32 limits. */
static int32_t big_bias(void) {
    static const int32_t values[] = {(1 << 29) - 1, 1 << 29,       -(1 << 29),    -(1 << 29) + 1, (1 << 30) + 1,
                                     -(1 << 30) - 1, INT32_MAX - 1, INT32_MIN + 1, INT32_MAX,      INT32_MIN};
    return values[tu_rand_int(0, 9)];
}

static void test_conv2d_s8_random(void) {
    for (int trial = 0; trial < 400; ++trial) {
        caps_conv2d_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.groups = tu_rand_int(0, 3) == 0 ? tu_rand_int(1, 4) : 1;
        const int dw3x3 = trial >= 300; /* DS-CNN's depthwise 3x3 layers: the kernel's register path */
        const int depthwise = dw3x3 || tu_rand_int(0, 5) == 0;
        p.n = tu_rand_int(1, 2);
        p.in_c = p.groups * tu_rand_int(1, 9);
        p.out_c = p.groups * tu_rand_int(1, 7);
        if (depthwise) {
            p.groups = p.in_c = p.out_c = tu_rand_int(1, 12);
        }
        p.k_h = tu_rand_int(1, 5);
        p.k_w = tu_rand_int(1, 5);
        p.stride_h = tu_rand_int(1, 3);
        p.stride_w = tu_rand_int(1, 3);
        p.dil_h = tu_rand_int(1, 2);
        p.dil_w = tu_rand_int(1, 2);
        p.pad_top = tu_rand_int(0, 2);
        p.pad_left = tu_rand_int(0, 2);
        if (dw3x3) {
            p.k_h = p.k_w = 3;
            p.dil_h = p.dil_w = 1;
            p.pad_top = p.pad_left = tu_rand_int(0, 1);
        }
        p.in_h = (p.k_h - 1) * p.dil_h + tu_rand_int(1, 9);
        p.in_w = (p.k_w - 1) * p.dil_w + tu_rand_int(1, 9);
        conv_random_case(&p, tu_rand_int(0, 3) == 0, small_bias, tu_rand_int(0, 4) == 0);
    }
}

/** The paths of the generic convolution that random geometries rarely reach: 1x1 layers with stride 1 and no
 *  padding (two positions of four channels per SXTAB16 pair, positions pairs across output rows), interior
 *  windows gathered for two positions at once (7x7 and 3x3, strides 1 and 2), more than 32 output channels
 *  (epilogues prepared in chunks), and biases around the 2^29 bound of the fast epilogue and at the int32
 *  limits. */
static void test_conv2d_s8_paths(void) {
    for (int trial = 0; trial < 120; ++trial) {
        caps_conv2d_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.n = 1;
        p.groups = 1;
        p.in_c = tu_rand_int(1, trial < 60 ? 70 : 16);
        p.out_c = tu_rand_int(1, 70);
        p.k_h = p.k_w = trial < 60 ? 1 : trial % 2 ? 7 : 3;
        p.stride_h = p.stride_w = trial < 60 ? (trial % 6 == 5 ? 2 : 1) : tu_rand_int(1, 2);
        p.dil_h = p.dil_w = 1;
        p.pad_top = p.pad_left = trial < 60 ? 0 : tu_rand_int(0, 1);
        p.in_h = p.k_h + tu_rand_int(0, 6);
        p.in_w = p.k_w + tu_rand_int(0, 6);
        conv_random_case(&p, trial % 4 == 3, trial % 5 == 4 ? big_bias : small_bias, 0);
    }
}

/** Constant extremes and the int32-overflowing 1x1 convolution of test_quantized.c's saturation test. */
static void test_conv2d_s8_extremes(void) {
    static const int32_t shapes[2][4] = {{4, 5, 3, 1}, {70000, 1, 1, 0}}; /* in_c, in_hw, k, pad */
    static const int32_t xs[] = {-128, 127}, ws[] = {-128, 127}, offs[] = {-127, 128};
    static const int32_t biases[] = {INT32_MIN, INT32_MAX, 0};
    static const int32_t req[][2] = {{1 << 30, 1}, {INT32_MAX, 31}, {0, -20}, {0, 3}};
    for (int sh = 0; sh < 2; ++sh) {
        caps_conv2d_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.n = 1;
        p.in_c = shapes[sh][0];
        p.in_h = p.in_w = shapes[sh][1];
        p.k_h = p.k_w = shapes[sh][2];
        p.pad_top = p.pad_left = shapes[sh][3];
        p.out_c = 3;
        p.out_h = out_size(p.in_h, p.k_h, 1, p.pad_top, 1);
        p.out_w = out_size(p.in_w, p.k_w, 1, p.pad_left, 1);
        p.stride_h = p.stride_w = p.dil_h = p.dil_w = p.groups = 1;
        p.act_min = -128;
        p.act_max = 127;
        const int32_t nx = p.in_c * p.in_h * p.in_w, nw = p.out_c * p.in_c * p.k_h * p.k_w;
        const int32_t ny = p.out_c * p.out_h * p.out_w;
        int8_t *x = twin_alloc_s8(nx), *w = twin_alloc_s8(nw);
        int32_t bias[3], mult[3], shift[3];
        for (size_t xi = 0; xi < 2; ++xi)
            for (size_t wi = 0; wi < 2; ++wi)
                for (size_t oi = 0; oi < 2; ++oi)
                    for (size_t bi = 0; bi < 3; ++bi)
                        for (size_t ri = 0; ri < 4; ++ri) {
                            memset(x, (int)(int8_t)xs[xi], (size_t)nx);
                            memset(w, (int)(int8_t)ws[wi], (size_t)nw);
                            w[1] = (int8_t)(ws[wi] == -128 ? 127 : -128);
                            for (int oc = 0; oc < 3; ++oc) {
                                bias[oc] = biases[bi];
                                mult[oc] = req[ri][0];
                                shift[oc] = req[ri][1];
                            }
                            p.input_offset = offs[oi];
                            p.layout = (int32_t)ri; /* each of the four layouts */
                            CHECK(conv_twins_agree(&p, x, w, bias, mult, shift, ny));
                        }
        free(x);
        free(w);
    }
}

/** Invalid parameters: both fail with the same status and write nothing. */
static void test_conv2d_s8_invalid(void) {
    caps_conv2d_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.n = 1;
    p.in_c = p.out_c = 2;
    p.in_h = p.in_w = p.out_h = p.out_w = 3;
    p.k_h = p.k_w = 1;
    p.stride_h = p.stride_w = p.dil_h = p.dil_w = p.groups = 1;
    p.act_min = -128;
    p.act_max = 127;
    int8_t x[18] = {0}, w[4] = {1, 2, 3, 4};
    int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
    caps_conv2d_s8_params_t bad = p;
    bad.groups = 3;
    CHECK(conv_twins_agree(&bad, x, w, NULL, mult, shift, 18));
    bad = p;
    bad.input_offset = 200;
    CHECK(conv_twins_agree(&bad, x, w, NULL, mult, shift, 18));
    bad = p;
    bad.act_min = 10;
    bad.act_max = 5;
    CHECK(conv_twins_agree(&bad, x, w, NULL, mult, shift, 18));
    bad = p;
    bad.layout = 4;
    CHECK(conv_twins_agree(&bad, x, w, NULL, mult, shift, 18));
    int8_t y[18];
    CHECK(VARIANT(conv2d_s8)(&p, x, w, NULL, mult, shift, NULL, y) == CAPS_ERR_ARG);
    CHECK(REF(conv2d_s8)(&p, x, w, NULL, mult, shift, NULL, y) == CAPS_ERR_ARG);
}

/** Both predict variants on the same data; 1 when statuses and every output byte (and the guard) agree. */
static int predict_twins_agree(const caps_predict_params_t *p,
                               const int8_t *u,
                               const int8_t *w,
                               const int32_t *mult,
                               const int32_t *shift,
                               int32_t ny) {
    int8_t *y_arm, *y_ref;
    twin_alloc_outputs(ny, &y_arm, &y_ref);
    const caps_status_t s_arm = VARIANT(predict_s8)(p, u, w, mult, shift, y_arm);
    const caps_status_t s_ref = REF(predict_s8)(p, u, w, mult, shift, y_ref);
    return twin_outputs_agree("caps_predict_s8", s_arm, s_ref, y_arm, y_ref, ny);
}

/** caps_predict_s8: random shapes (in_dim 1..20 and 70, beyond the packed path; up to 40 output capsules), int8
 *  and pow2 requantization (positive shifts too),
 *  random and extreme (-128 / 127) data, the MNIST-sized layer, and the invalid and unsupported cases. */
static void test_predict_s8(void) {
    for (int trial = 0; trial < 200; ++trial) {
        caps_predict_params_t p;
        p.n = tu_rand_int(1, 2);
        p.in_caps = tu_rand_int(1, 12);
        p.in_dim = trial % 10 == 9 ? 70 : tu_rand_int(1, 20);
        p.out_caps = trial % 10 == 5 ? 40 : tu_rand_int(1, 6); /* 40: beyond the 32 pairs prepared per call */
        p.out_dim = tu_rand_int(1, 9);
        if (trial == 0) {
            p.n = 1;
            p.in_caps = 1024;
            p.in_dim = 4;
            p.out_caps = 10;
            p.out_dim = 6;
        }
        if (trial % 20 == 1 || trial % 20 == 5) /* 4-D capsules (their own loop order); % 20 == 5 has 40 outputs */
            p.in_dim = 4;
        const int32_t nu = p.n * p.in_caps * p.in_dim, nw = p.in_caps * p.out_caps * p.out_dim * p.in_dim;
        const int32_t ny = p.n * p.in_caps * p.out_caps * p.out_dim;
        int8_t *u = twin_alloc_s8(nu), *w = twin_alloc_s8(nw);
        int32_t mult[40], shift[40];
        const int extreme = trial % 7 == 3;
        fill_s8(u, nu, extreme ? -128 : -128, extreme ? -128 : 127);
        fill_s8(w, nw, extreme ? 127 : -128, 127);
        for (int32_t j = 0; j < p.out_caps; ++j) {
            const int pow2 = tu_rand_int(0, 2) == 0;
            mult[j] = pow2 ? 0 : (int32_t)((1u << 30) + (tu_rand_u32() >> 2));
            shift[j] = pow2 ? tu_rand_int(-12, 1) : tu_rand_int(-10, 1);
        }
        CHECK(predict_twins_agree(&p, u, w, mult, shift, ny));
        free(u);
        free(w);
    }
    caps_predict_params_t p = {1, 2, 4, 3, 2};
    int8_t u[8] = {1, 2, 3, 4, 5, 6, 7, 8}, w[48] = {0};
    int32_t mult[3] = {1 << 30, 1 << 30, 1 << 30}, shift[3] = {0, 0, 0};
    mult[1] = 5; /* not a valid multiplier */
    CHECK(predict_twins_agree(&p, u, w, mult, shift, 12));
    mult[1] = 1 << 30;
    p.in_dim = 131072; /* unsupported, before any access */
    CHECK(predict_twins_agree(&p, u, w, mult, shift, 12));
    p.in_dim = 4;
    p.out_caps = -1;
    CHECK(predict_twins_agree(&p, u, w, mult, shift, 12));
}


#ifdef CAPSRT_PULP_TWINS /* the Arm length kernel has its twin test in test_arm_capsule_twins.c */
caps_status_t TWIN(length_s8)(const caps_length_s8_params_t *params, const int8_t *input, int8_t *output);

/** caps_length_s8: random capsule counts and dims (not multiples of 4), ratios and zero points, constant
 *  extremes, a capsule of 70000 elements (sums of squares over int32 chunks), invalid parameters. */
static void test_length_s8(void) {
    for (int trial = 0; trial < 200; ++trial) {
        const int big = trial == 8; /* random data: lengths ~2^14.3, scaled by 2^-8 into the int8 range */
        caps_length_s8_params_t p;
        p.count = big ? 2 : tu_rand_int(1, 30);
        p.dim = big ? 70000 : tu_rand_int(1, 40);
        p.multiplier = big ? 1 << 30 : (int32_t)((1u << 30) + (tu_rand_u32() >> 2));
        p.shift = big ? -7 : tu_rand_int(-20, 4);
        p.output_zero_point = big ? 0 : tu_rand_int(-128, 127);
        const int32_t n = p.count * p.dim;
        int8_t *x = twin_alloc_s8(n), *y_variant, *y_ref;
        const int kind = trial % 5;
        fill_s8(x, n, kind == 1 ? 127 : -128, kind == 2 ? -128 : 127);
        twin_alloc_outputs(p.count, &y_variant, &y_ref);
        CHECK(twin_outputs_agree("caps_length_s8", VARIANT(length_s8)(&p, x, y_variant), REF(length_s8)(&p, x, y_ref),
                                 y_variant, y_ref, p.count));
        free(x);
    }
    caps_length_s8_params_t bad = {2, 3, 1, 0, 0}; /* multiplier below 2^30 */
    int8_t x[6] = {1, 2, 3, 4, 5, 6}, *y_variant, *y_ref;
    twin_alloc_outputs(2, &y_variant, &y_ref);
    CHECK(twin_outputs_agree("caps_length_s8 invalid", VARIANT(length_s8)(&bad, x, y_variant),
                             REF(length_s8)(&bad, x, y_ref), y_variant, y_ref, 2));
}

caps_status_t TWIN(dynamic_routing_s8)(const caps_routing_s8_params_t *params, const int8_t *u_hat, void *scratch,
                                       int8_t *output);

/** Both routings with their own scratch of caps_routing_s8_get_buffer_size bytes (8-byte aligned). */
static int routing_twins_agree(const caps_routing_s8_params_t *p, const int8_t *uh, int32_t nv) {
    const int32_t bytes = caps_routing_s8_get_buffer_size(p) > 8 ? caps_routing_s8_get_buffer_size(p) : 8;
    void *s_variant = tu_alloc_bytes(bytes, 1), *s_ref = tu_alloc_bytes(bytes, 1);
    int8_t *y_variant, *y_ref;
    twin_alloc_outputs(nv, &y_variant, &y_ref);
    const caps_status_t a = VARIANT(dynamic_routing_s8)(p, uh, s_variant, y_variant);
    const caps_status_t r = REF(dynamic_routing_s8)(p, uh, s_ref, y_ref);
    free(s_variant);
    free(s_ref);
    return twin_outputs_agree("caps_dynamic_routing_s8", a, r, y_variant, y_ref, nv);
}

/** caps_dynamic_routing_s8: random capsule shapes (fewer input capsules than cores too), 1 .. 4 iterations,
 *  calibrated and default coupling formats, 0 .. 8 accumulator sets (params.cores) against the team's cores,
 *  the MNIST-sized layer (1152 -> 10 x 16) with 8 sets, random / extreme / zero u_hat, and invalid parameters
 *  (cores outside 0 .. 8 among them). */
static void test_dynamic_routing_s8(void) {
    static const int32_t set_counts[] = {0, 1, 2, 3, 8};
    for (int trial = 0; trial < 80; ++trial) {
        caps_routing_s8_params_t p;
        twin_routing_shape(&p, trial, trial % 8 == 3 ? 5 : 60); /* % 8 == 3: fewer input capsules than cores */
        if (trial == 0) {
            p.n = 1;
            p.in_caps = 1152;
            p.out_caps = 10;
            p.out_dim = 16;
            p.iterations = 3;
        }
        const double s_u = trial % 3 == 0 ? 1.0 / 16 : trial % 3 == 1 ? 1.0 / 128 : 0.5;
        float max_coupling[4] = {0.9f, 0.5f, 0.3f, 1.0f}, max_logit[4] = {0.0f, 4.0f, 9.0f, 12.0f};
        const int stats = trial % 4 == 1;
        CHECK(caps_dynamic_routing_s8_prepare(&p, s_u, 1.0 / 128, 1e-7f, stats ? max_logit : NULL,
                                              stats ? max_coupling : NULL) == CAPS_OK);
        p.cores = trial == 0 ? 8 : set_counts[trial % 5];
        const int32_t nuh = p.n * p.in_caps * p.out_caps * p.out_dim, nv = p.n * p.out_caps * p.out_dim;
        int8_t *uh = twin_alloc_s8(nuh);
        twin_fill_capsules(uh, nuh, trial % 6);
        CHECK(routing_twins_agree(&p, uh, nv));
        free(uh);
    }
    caps_routing_s8_params_t p;
    CHECK(twin_routing_small(&p) == CAPS_OK);
    int8_t uh[24];
    fill_s8(uh, 24, -128, 127);
    static const int32_t bad_cores[] = {-1, CAPS_MAX_CORES + 1};
    for (int t = 0; t < 2; ++t) {
        caps_routing_s8_params_t bad = p;
        bad.cores = bad_cores[t];
        CHECK(caps_routing_s8_get_buffer_size(&bad) < 0);
        int8_t *y_variant, *y_ref;
        uint64_t scratch[32];
        twin_alloc_outputs(8, &y_variant, &y_ref);
        CHECK(twin_outputs_agree("caps_dynamic_routing_s8 bad cores",
                                 VARIANT(dynamic_routing_s8)(&bad, uh, scratch, y_variant),
                                 REF(dynamic_routing_s8)(&bad, uh, scratch, y_ref), y_variant, y_ref, 8));
    }
    caps_routing_s8_params_t bad = p;
    bad.coupling_frac_bits[1] = 31;
    CHECK(routing_twins_agree(&bad, uh, 8));
    bad = p;
    bad.iterations = CAPS_MAX_DIMS + 1;
    CHECK(routing_twins_agree(&bad, uh, 8));
}
#endif

static int fc_twins_agree(const caps_fc_s8_params_t *p,
                          const int8_t *x,
                          const int8_t *w,
                          const int32_t *bias,
                          const int32_t *mult,
                          const int32_t *shift,
                          int32_t ny) {
    int8_t *y_arm, *y_ref;
    twin_alloc_outputs(ny, &y_arm, &y_ref);
    const caps_status_t s_arm = VARIANT(fc_s8)(p, x, w, bias, mult, shift, y_arm);
    const caps_status_t s_ref = REF(fc_s8)(p, x, w, bias, mult, shift, y_ref);
    return twin_outputs_agree("caps_fc_s8", s_arm, s_ref, y_arm, y_ref, ny);
}

/** caps_fc_s8: random sizes (k not a multiple of 4, odd n), offsets, activation ranges and requantization; the
 *  extremes (-128 / 127 everywhere, int32-limit biases) with k = 70000, whose sums exceed int32; invalid cases. */
static void test_fc_s8(void) {
    for (int trial = 0; trial < 300; ++trial) {
        const int big = trial % 50 == 49;
        caps_fc_s8_params_t p;
        p.m = big ? 1 : tu_rand_int(1, 3);
        p.n = big ? 3 : tu_rand_int(1, 21);
        p.k = big ? 70000 : tu_rand_int(1, 100);
        p.input_offset = big ? (trial % 100 == 49 ? 128 : -127) : tu_rand_int(-127, 128);
        p.output_offset = tu_rand_int(-128, 127);
        p.act_min = tu_rand_int(-128, 0);
        p.act_max = tu_rand_int(p.act_min, 127);
        int8_t *x = twin_alloc_s8(p.m * p.k), *w = twin_alloc_s8(p.n * p.k);
        int32_t *bias = (int32_t *)tu_alloc_bytes(p.n, 4), *mult = (int32_t *)tu_alloc_bytes(p.n, 4);
        int32_t *shift = (int32_t *)tu_alloc_bytes(p.n, 4);
        if (big) {
            memset(x, 127, (size_t)(p.m * p.k));
            memset(w, trial % 100 == 49 ? 127 : -128, (size_t)(p.n * p.k));
        } else {
            fill_s8(x, p.m * p.k, -128, 127);
            fill_s8(w, p.n * p.k, -128, 127);
        }
        for (int32_t j = 0; j < p.n; ++j) {
            const int pow2 = tu_rand_int(0, 3) == 0;
            bias[j] = big ? (j == 0 ? INT32_MAX : j == 1 ? INT32_MIN : 0) : tu_rand_int(-100000, 100000);
            mult[j] = pow2 ? 0 : (int32_t)((1u << 30) + (tu_rand_u32() >> 2));
            shift[j] = pow2 ? tu_rand_int(-14, 2) : tu_rand_int(-12, 1);
        }
        CHECK(fc_twins_agree(&p, x, w, tu_rand_int(0, 4) == 0 ? NULL : bias, mult, shift, p.m * p.n));
        free(x);
        free(w);
        free(bias);
        free(mult);
        free(shift);
    }
    caps_fc_s8_params_t p = {1, 2, 4, 300, 0, -128, 127};
    int8_t x[4] = {1, 2, 3, 4}, w[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    int32_t mult[2] = {1 << 30, 1 << 30}, shift[2] = {0, 0};
    CHECK(fc_twins_agree(&p, x, w, NULL, mult, shift, 2)); /* input_offset out of range */
    p.input_offset = 0;
    p.k = -4;
    CHECK(fc_twins_agree(&p, x, w, NULL, mult, shift, 2));
}

#ifndef CAPSRT_PULP_TWINS
/** A random requantization pair: mostly TFLite-style (multiplier in [2^30, 2^31), right shift), sometimes pow2
 *  or with a left shift, which take the reference path. */
static void rand_pair(int32_t *multiplier, int32_t *shift) {
    const int kind = tu_rand_int(0, 5);
    *multiplier = kind == 0 ? 0 : (int32_t)((1u << 30) + (tu_rand_u32() >> 2));
    *shift = kind == 1 ? tu_rand_int(1, 3) : tu_rand_int(-31, 0);
}

/** caps_add_s8: random broadcast shapes of rank 0 to 4, offsets, left shifts 0 .. 20 (20 as TFLite), pairs and
 *  activation ranges; in place; invalid parameters. */
static void test_add_s8(void) {
    for (int trial = 0; trial < 300; ++trial) {
        caps_binary_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.rank = tu_rand_int(0, 4);
        int32_t sa = 1, sb = 1;
        for (int32_t d = p.rank - 1; d >= 0; --d) {
            const int32_t n = tu_rand_int(1, 9);
            const int a_one = trial % 3 == 1 && tu_rand_int(0, 2) == 0, b_one = trial % 3 == 2 && tu_rand_int(0, 2) == 0;
            p.out_dims[d] = n;
            p.a_strides[d] = a_one ? 0 : sa;
            p.b_strides[d] = b_one ? 0 : sb;
            sa *= a_one ? 1 : n;
            sb *= b_one ? 1 : n;
        }
        p.a_offset = tu_rand_int(-127, 128);
        p.b_offset = tu_rand_int(-127, 128);
        p.output_offset = tu_rand_int(-128, 127);
        p.left_shift = trial % 2 ? 20 : tu_rand_int(0, 20);
        rand_pair(&p.a_multiplier, &p.a_shift);
        rand_pair(&p.b_multiplier, &p.b_shift);
        rand_pair(&p.output_multiplier, &p.output_shift);
        if (trial % 4 != 3) { /* mostly the fast path */
            p.a_multiplier |= 1 << 30;
            p.b_multiplier |= 1 << 30;
            p.output_multiplier |= 1 << 30;
            p.a_shift = -tu_rand_int(0, 31);
            p.b_shift = -tu_rand_int(0, 31);
            p.output_shift = -tu_rand_int(0, 31);
        }
        p.act_min = tu_rand_int(-128, 0);
        p.act_max = tu_rand_int(p.act_min, 127);
        int32_t ny = 1;
        for (int32_t d = 0; d < p.rank; ++d)
            ny *= p.out_dims[d];
        int8_t *a = twin_alloc_s8(sa), *b = twin_alloc_s8(sb);
        fill_s8(a, sa, trial % 7 == 6 ? 127 : -128, 127);
        fill_s8(b, sb, -128, trial % 7 == 6 ? -128 : 127);
        int8_t *y_arm, *y_ref;
        twin_alloc_outputs(ny, &y_arm, &y_ref);
        CHECK(twin_outputs_agree("caps_add_s8", caps_add_s8(&p, a, b, y_arm), caps_ref_twin_add_s8(&p, a, b, y_ref), y_arm,
                            y_ref, ny));
        if (sa == ny) { /* in place over a */
            twin_alloc_outputs(ny, &y_arm, &y_ref);
            memcpy(y_arm, a, (size_t)ny);
            memcpy(y_ref, a, (size_t)ny);
            CHECK(twin_outputs_agree("caps_add_s8 in place", caps_add_s8(&p, y_arm, b, y_arm),
                                caps_ref_twin_add_s8(&p, y_ref, b, y_ref), y_arm, y_ref, ny));
        }
        free(a);
        free(b);
    }
    caps_binary_s8_params_t p;
    memset(&p, 0, sizeof p);
    p.rank = 1;
    p.out_dims[0] = 4;
    p.a_strides[0] = p.b_strides[0] = 1;
    p.a_multiplier = p.b_multiplier = p.output_multiplier = 1 << 30;
    p.a_shift = p.b_shift = p.output_shift = -1;
    p.act_min = -128;
    p.act_max = 127;
    p.left_shift = 21; /* out of range */
    int8_t a[4] = {1, 2, 3, 4}, *y_arm, *y_ref;
    twin_alloc_outputs(4, &y_arm, &y_ref);
    CHECK(twin_outputs_agree("caps_add_s8 bad left shift", caps_add_s8(&p, a, a, y_arm), caps_ref_twin_add_s8(&p, a, a, y_ref),
                        y_arm, y_ref, 4));
}

/** caps_reduce_mean_s8: random shapes of rank 1 to 4 and masks (trailing ones take the USADA8 path), extremes
 *  (-128 everywhere, 127 everywhere, means at and next to one half), a 70000-element run, the empty mask and
 *  invalid ones. */
static void test_reduce_mean_s8(void) {
    for (int trial = 0; trial < 300; ++trial) {
        caps_reduce_params_t p;
        memset(&p, 0, sizeof p);
        p.rank = tu_rand_int(1, 4);
        int32_t n = 1;
        for (int32_t d = 0; d < p.rank; ++d) {
            p.in_dims[d] = tu_rand_int(1, 9);
            n *= p.in_dims[d];
        }
        const int32_t kept = tu_rand_int(0, p.rank);
        p.axes_mask = trial % 3 == 0 ? tu_rand_int(0, (1 << p.rank) - 1) : (int32_t)(((1u << p.rank) - 1u) & ~((1u << kept) - 1u));
        if (trial == 7) { /* one long run */
            p.rank = 2;
            p.in_dims[0] = 2;
            p.in_dims[1] = 70000;
            p.axes_mask = 2;
            n = 140000;
        }
        int8_t *x = twin_alloc_s8(n);
        const int kind = trial % 10;
        fill_s8(x, n, kind == 1 ? -128 : kind == 2 ? 127 : -128, kind == 1 ? -128 : 127);
        int8_t *y_arm, *y_ref;
        twin_alloc_outputs(n, &y_arm, &y_ref);
        CHECK(twin_outputs_agree("caps_reduce_mean_s8", caps_reduce_mean_s8(&p, x, y_arm), caps_ref_twin_reduce_mean_s8(&p, x, y_ref),
                            y_arm, y_ref, n));
        free(x);
    }
    /* NHWC global average pooling ([n, h, w, c] over h and w): more than 256 rows (halfword lanes widened), channel
     * counts not a multiple of 4, constant extremes */
    for (int trial = 0; trial < 40; ++trial) {
        caps_reduce_params_t p = {4, {tu_rand_int(1, 2), tu_rand_int(1, 30), tu_rand_int(1, 30), tu_rand_int(1, 21)}, 6};
        const int32_t n = p.in_dims[0] * p.in_dims[1] * p.in_dims[2] * p.in_dims[3];
        int8_t *x = twin_alloc_s8(n), *y_arm, *y_ref;
        const int kind = trial % 4;
        fill_s8(x, n, kind == 1 ? 127 : -128, kind == 2 ? -128 : 127);
        twin_alloc_outputs(n, &y_arm, &y_ref);
        CHECK(twin_outputs_agree("caps_reduce_mean_s8 nhwc", caps_reduce_mean_s8(&p, x, y_arm),
                                 caps_ref_twin_reduce_mean_s8(&p, x, y_ref), y_arm, y_ref, n));
        free(x);
    }
    /* means just below, at and beyond one half, both signs: 200-element runs summing to 99, 100, -100, -101 */
    static const int32_t sums[4] = {99, 100, -100, -101};
    caps_reduce_params_t ties = {2, {4, 200, 0, 0, 0, 0}, 2};
    int8_t *xt = twin_alloc_s8(800), *yt_arm, *yt_ref;
    for (int32_t o = 0; o < 4; ++o)
        for (int32_t i = 0; i < 200; ++i)
            xt[o * 200 + i] = (int8_t)(i < (sums[o] < 0 ? -sums[o] : sums[o]) ? (sums[o] < 0 ? -1 : 1) : 0);
    twin_alloc_outputs(4, &yt_arm, &yt_ref);
    CHECK(twin_outputs_agree("caps_reduce_mean_s8 ties", caps_reduce_mean_s8(&ties, xt, yt_arm),
                        caps_ref_twin_reduce_mean_s8(&ties, xt, yt_ref), yt_arm, yt_ref, 4));
    free(xt);
    caps_reduce_params_t p = {2, {2, 3, 0, 0, 0, 0}, 4}; /* a mask bit beyond the rank */
    int8_t x[6] = {1, 2, 3, 4, 5, 6}, *y_arm, *y_ref;
    twin_alloc_outputs(6, &y_arm, &y_ref);
    CHECK(twin_outputs_agree("caps_reduce_mean_s8 bad mask", caps_reduce_mean_s8(&p, x, y_arm),
                        caps_ref_twin_reduce_mean_s8(&p, x, y_ref), y_arm, y_ref, 6));
}

#endif

int main(void) {
    tu_seed(20261202u);
#ifdef CAPSRT_PULP_TWINS
    static const int32_t team_sizes[] = {1, 2, 8};
    for (int t = 0; t < 3; ++t) {
        caps_pulp_set_emulated_cores(team_sizes[t]);
        CHECK(caps_pulp_team_cores() == team_sizes[t]);
        test_conv2d_s8_random();
        test_conv2d_s8_extremes();
        test_conv2d_s8_invalid();
        test_conv2d_s8_paths();
        test_fc_s8();
        test_predict_s8();
        test_length_s8();
        test_dynamic_routing_s8();
    }
    return tu_finish("test_pulp_twins");
#else
    test_conv2d_s8_random();
    test_conv2d_s8_extremes();
    test_conv2d_s8_invalid();
    test_predict_s8();
    test_fc_s8();
    test_add_s8();
    test_conv2d_s8_paths();
    test_reduce_mean_s8();
    return tu_finish("test_arm_twins");
#endif
}
