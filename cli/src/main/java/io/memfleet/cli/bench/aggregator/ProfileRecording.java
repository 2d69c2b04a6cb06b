package io.memfleet.cli.bench.aggregator;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/** A JDK Flight Recorder recording of this JVM, with the JDK's "profile" settings (method samples every 10 ms). */
final class ProfileRecording {

    private final Recording recording;

    private ProfileRecording(Recording recording) {
        this.recording = recording;
    }

    static ProfileRecording start() throws IOException, ParseException {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
        return new ProfileRecording(recording);
    }

    void stopInto(Path file) throws IOException {
        recording.stop();
        recording.dump(file);
        recording.close();
    }
}
