package io.memfleet.bench.aggregator;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/** A JDK Flight Recorder recording of this JVM, with the JDK's "profile" settings (method samples every 10 ms), with waits of 1 ms and more. */
final class ProfileRecording {

    private final Recording recording;

    private ProfileRecording(Recording recording) {
        this.recording = recording;
    }

    static ProfileRecording start() throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        // Where the stream thread waits (commits, flushes, polls) matters as much as where it runs:
        // record every park of a millisecond or more, not only those over the profile's 10 ms.
        recording.enable("jdk.ThreadPark").withThreshold(Duration.ofMillis(1)).withStackTrace();
        recording.enable("jdk.JavaMonitorWait").withThreshold(Duration.ofMillis(1)).withStackTrace();
        recording.start();
        return new ProfileRecording(recording);
    }

    void stopInto(Path file) throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
    }
}
