/**
 * The wall clock, for the shells to hand to core (CoreDeps.clock, the stderr logger). Core never
 * reads it itself: every time it stamps, compares or shows comes from the clock it was given, so
 * tests (and a seller's skewed machine in tests of it) control time.
 */
export const systemClock = (): Date => new Date();
