/**
 * @file pulp_cluster.h
 * @brief How the PULP kernels share a layer among the cluster's cores. A kernel is a sequence of phases; each
 *        phase runs on every core (core id 0 .. cores - 1), and the next phase starts when all cores are done
 *        (the barrier between them). Two implementations:
 *          - PMSIS (CAPS_PULP_PMSIS defined, in a PULP SDK build): caps_pulp_team_run forks the phase on the
 *            cluster's team (pi_cl_team_fork, which joins: the barrier);
 *          - emulation (everywhere else): the "cores" run the phase one after another, so that the chunking
 *            and the phase boundaries are exercised on the host and on RV32IMC with 1, 2 or 8 of them. The
 *            team has one core until caps_pulp_set_emulated_cores says otherwise (a core without a cluster,
 *            such as a lone CV32E40P, runs each phase once, over all the work).
 *        Work is split in contiguous chunks by caps_pulp_chunk.
 */
#ifndef CAPSRT_PULP_INTERNAL_PULP_CLUSTER_H
#define CAPSRT_PULP_INTERNAL_PULP_CLUSTER_H

#include "capsrt/capsrt.h"

/** One phase of a kernel on one core. */
typedef void (*caps_pulp_phase_t)(void *arg, int32_t core, int32_t cores);

/** Runs phase on every core of the team and returns when all are done. */
void caps_pulp_team_run(caps_pulp_phase_t phase, void *arg);

/** Cores of the team (the emulation's setting, or PMSIS's team size). */
int32_t caps_pulp_team_cores(void);

/** Sets the emulated team size (1 ... CAPS_PULP_MAX_CORES; other values are ignored). No effect with PMSIS. */
void caps_pulp_set_emulated_cores(int32_t cores);

#define CAPS_PULP_MAX_CORES CAPS_MAX_CORES

/** Core `core`'s share [*lo, *hi) of n items in contiguous chunks of ceil(n / cores) (the last ones may be
 *  empty). */
static inline void caps_pulp_chunk(int32_t n, int32_t core, int32_t cores, int32_t *lo, int32_t *hi) {
    const int32_t size = (int32_t)(((int64_t)n + cores - 1) / cores);
    const int64_t a = (int64_t)core * size, b = a + size;
    *lo = (int32_t)(a < n ? a : n);
    *hi = (int32_t)(b < n ? b : n);
}

#endif /* CAPSRT_PULP_INTERNAL_PULP_CLUSTER_H */
