package io.memfleet.aggregator.detect.heap;

/** Default settings with one knob changed, for tests. */
final class Settings {

    enum Knob { VM_DATA_RATIO }

    private Settings() {
    }

    static HeapGrowthSettings with(Knob knob, double value) {
        HeapGrowthSettings d = HeapGrowthSettings.defaults();
        return new HeapGrowthSettings(d.window(), d.bucket(), d.minWindow(), d.warmup(), d.minGrowthKb(),
                d.minRelativeGrowth(), d.significance(), d.saturationRatio(), d.sustain(), d.earlyEtaRatio(),
                d.minBucketFill(), knob == Knob.VM_DATA_RATIO ? value : d.vmDataGrowthRatio(), d.seasonPeriod(),
                d.resolveWindow(), d.resolveSignificance(), d.resolveAfter(), d.criticalEta(), d.highEta(),
                d.mediumEta());
    }
}
