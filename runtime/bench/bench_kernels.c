/**
 * @file bench_kernels.c
 * @brief Instructions per call of the int8 kernels on representative shapes (those of bench/make_models.py's
 *        networks), run on a QEMU MPS2 board under -icount: the data of the per-op cost model in capsc's target
 *        table (lib/Target/TargetDesc.cpp) and of docs/performance.md. bench/run.py --kernels runs it.
 *
 * One line per case:  CAPS_KERNEL_BENCH <kernel> <variant> <instructions> <macs> <elements> <case>
 * with MACs counted as capsc counts them (capsc::kernelMacs) and elements the sum of the element counts of the
 * call's tensor operands (inputs, constant weights and biases included, and output; capsc::kernelElements), the
 * two quantities the cost model is linear in. Inputs are
 * random; the kernels' instruction counts barely depend on the values (a few data-dependent branches).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capsrt/capsrt.h"
#include "mps2.h"

static uint32_t rng_state = 20261202u;

static int8_t rand_s8(void) {
    rng_state = rng_state * 1664525u + 1013904223u;
    return (int8_t)(rng_state >> 24);
}

#define BUF_BYTES (256 * 1024)
static int8_t buf_a[BUF_BYTES], buf_b[BUF_BYTES], buf_w[BUF_BYTES], buf_y[BUF_BYTES];
static float buf_f[16384];
static uint64_t scratch[8192];
static int32_t bias[256], mult[256], shift[256];

static uint32_t t_start;

static void begin(void) { t_start = mps2_ticks(); }

static void end(const char *kernel, const char *variant, int64_t macs, int64_t elements, const char *what,
                caps_status_t status) {
    const uint32_t ticks = mps2_ticks() - t_start;
    if (status != CAPS_OK) {
        printf("bench_kernels: %s (%s) failed with status %d\n", kernel, what, (int)status);
        mps2_exit(1);
    }
    printf("CAPS_KERNEL_BENCH %s %s %lu %ld %ld %s\n", kernel, variant,
           (unsigned long)MPS2_TICKS_TO_INSTRUCTIONS(ticks), (long)macs, (long)elements, what);
}

/** Times one convolution in NHWC, the layout capsc gives Cortex-M targets (caps-layout). */
static void conv(const char *variant, const char *what, caps_conv2d_s8_params_t p) {
    p.layout = CAPS_LAYOUT_NHWC;
    const int32_t in_cpg = p.in_c / p.groups;
    const int64_t macs = (int64_t)p.n * p.out_c * p.out_h * p.out_w * in_cpg * p.k_h * p.k_w;
    const int64_t elements = (int64_t)p.n * p.in_c * p.in_h * p.in_w + (int64_t)p.n * p.out_c * p.out_h * p.out_w +
                             (int64_t)p.out_c * in_cpg * p.k_h * p.k_w + p.out_c; /* + weights and bias */
    if ((int64_t)caps_conv2d_s8_get_buffer_size(&p) > (int64_t)sizeof scratch) {
        printf("bench_kernels: scratch too small for %s\n", what);
        mps2_exit(1);
    }
    begin();
    const caps_status_t s = caps_conv2d_s8(&p, buf_a, buf_w, bias, mult, shift, scratch, buf_y);
    end("caps_conv2d_s8", variant, macs, elements, what, s);
}

int main(void) {
    for (int32_t i = 0; i < BUF_BYTES; ++i) {
        buf_a[i] = rand_s8();
        buf_b[i] = rand_s8();
        buf_w[i] = rand_s8();
    }
    for (int32_t i = 0; i < 16384; ++i)
        buf_f[i] = (float)rand_s8() / 64.0f;
    for (int32_t i = 0; i < 256; ++i) {
        bias[i] = rand_s8() * 64;
        mult[i] = 1518500250 + rand_s8() * 1000000;
        shift[i] = -8;
    }
    /* n in_c in_h in_w out_c out_h out_w k_h k_w s_h s_w pad_t pad_l d_h d_w groups in_off out_off min max */
    conv("general", "3x3_16to16_32x32", (caps_conv2d_s8_params_t){1, 16, 32, 32, 16, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1,
                                                                   128, -128, -128, 127, 0});
    conv("general", "7x7s2_16to64_22x22", (caps_conv2d_s8_params_t){1, 16, 22, 22, 64, 8, 8, 7, 7, 2, 2, 0, 0, 1, 1, 1,
                                                                     128, 0, -128, 127, 0});
    conv("general", "7x7_1to16_28x28", (caps_conv2d_s8_params_t){1, 1, 28, 28, 16, 22, 22, 7, 7, 1, 1, 0, 0, 1, 1, 1, 128,
                                                                  -128, -128, 127, 0});
    conv("pointwise", "1x1_64to64_25x5", (caps_conv2d_s8_params_t){1, 64, 25, 5, 64, 25, 5, 1, 1, 1, 1, 0, 0, 1, 1, 1, 128,
                                                                    -128, -128, 127, 0});
    conv("depthwise", "dw3x3_64_25x5", (caps_conv2d_s8_params_t){1, 64, 25, 5, 64, 25, 5, 3, 3, 1, 1, 1, 1, 1, 1, 64, 128,
                                                                  -128, -128, 127, 0});
    {
        const caps_fc_s8_params_t p = {1, 64, 256, 128, -128, -128, 127};
        begin();
        const caps_status_t s = caps_fc_s8(&p, buf_a, buf_w, bias, mult, shift, buf_y);
        end("caps_fc_s8", "-", 64 * 256, 256 + 64 * 256 + 64 + 64, "1x256to64", s);
    }
    {
        const caps_predict_params_t p = {1, 1024, 4, 10, 6};
        begin();
        const caps_status_t s = caps_predict_s8(&p, buf_a, buf_w, mult, shift, buf_b);
        end("caps_predict_s8", "-", 1024 * 4 * 10 * 6, 1024 * 4 + 1024 * 240 + 1024 * 60, "1024x4to10x6", s);
    }
    {
        caps_routing_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.n = 1;
        p.in_caps = 1024;
        p.out_caps = 10;
        p.out_dim = 6;
        p.iterations = 3;
        p.squash_variant = CAPS_SQUASH_SABOUR;
        caps_status_t s = caps_dynamic_routing_s8_prepare(&p, 1.0 / 64, 1.0 / 128, 1e-7f, NULL, NULL);
        for (int32_t i = 0; i < 1024 * 60; ++i)
            buf_b[i] = (int8_t)(buf_b[i] / 2);
        begin();
        if (s == CAPS_OK)
            s = caps_dynamic_routing_s8(&p, buf_b, scratch, buf_y);
        end("caps_dynamic_routing_s8", "-", 5 * 1024 * 60, 1024 * 60 + 60, "1024to10x6_it3", s);
    }
    {
        caps_squash_s8_params_t p;
        memset(&p, 0, sizeof p);
        caps_status_t s = caps_squash_s8_prepare(1.0 / 16, 1.0 / 128, CAPS_SQUASH_SABOUR, 1e-7f, &p);
        p.count = 1024;
        p.dim = 4;
        begin();
        if (s == CAPS_OK)
            s = caps_squash_s8(&p, buf_a, buf_y);
        end("caps_squash_s8", "-", 0, 2 * 4096, "1024x4", s);
    }
    {
        caps_length_s8_params_t p;
        memset(&p, 0, sizeof p);
        caps_status_t s = caps_length_s8_prepare(1.0 / 128, 1.0 / 256, -128, &p);
        p.count = 10;
        p.dim = 16;
        begin();
        if (s == CAPS_OK)
            s = caps_length_s8(&p, buf_a, buf_y);
        end("caps_length_s8", "-", 0, 160 + 10, "10x16", s);
    }
    {
        caps_binary_s8_params_t p;
        memset(&p, 0, sizeof p);
        p.rank = 4;
        const int32_t dims[4] = {1, 16, 32, 32}, strides[4] = {0, 1024, 32, 1};
        memcpy(p.out_dims, dims, sizeof dims);
        memcpy(p.a_strides, strides, sizeof strides);
        memcpy(p.b_strides, strides, sizeof strides);
        p.a_offset = 4;
        p.b_offset = 128;
        p.output_offset = -128;
        p.left_shift = 20;
        p.a_multiplier = 1073741824;
        p.a_shift = 0;
        p.b_multiplier = 1114038696;
        p.b_shift = -1;
        p.output_multiplier = 1688665331;
        p.output_shift = -18;
        p.act_min = -128;
        p.act_max = 127;
        begin();
        const caps_status_t s = caps_add_s8(&p, buf_a, buf_b, buf_y);
        end("caps_add_s8", "-", 0, 3 * 16384, "16x32x32", s);
    }
    {
        caps_softmax_s8_params_t p;
        memset(&p, 0, sizeof p);
        caps_status_t s = caps_softmax_s8_prepare(0.1, &p);
        p.outer = 1;
        p.axis_size = 10;
        p.inner = 1;
        begin();
        if (s == CAPS_OK)
            s = caps_softmax_s8(&p, buf_a, buf_y);
        end("caps_softmax_s8", "-", 0, 20, "1x10", s);
    }
    {
        const caps_reduce_params_t p = {4, {1, 25, 5, 64, 0, 0}, 6}; /* NHWC global average pooling */
        begin();
        const caps_status_t s = caps_reduce_mean_s8(&p, buf_a, buf_y);
        end("caps_reduce_mean_s8", "-", 0, 8000 + 64, "25x5x64_hw", s);
    }
    {
        /* the NCHW -> NHWC transpose caps-layout leaves at a multi-channel input */
        const caps_transpose_params_t p = {4, {1, 3, 32, 32, 0, 0}, {0, 2, 3, 1, 0, 0}};
        begin();
        const caps_status_t s = caps_transpose_s8(&p, buf_a, buf_y);
        end("caps_transpose_s8", "-", 0, 2 * 3072, "3x32x32_to_hwc", s);
    }
    {
        const caps_quantize_params_t p = {3072, -5, 0.02f};
        begin();
        caps_status_t s = caps_quantize_s8(&p, buf_f, buf_y);
        end("caps_quantize_s8", "-", 0, 2 * 3072, "3072", s);
        begin();
        s = caps_dequantize_s8(&p, buf_a, buf_f);
        end("caps_dequantize_s8", "-", 0, 2 * 3072, "3072", s);
    }
    return 0;
}
