package io.memfleet.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority and a server certificate it signed, made by the JDK's own
 * {@code keytool} in a directory the test owns: no private key is ever committed. The server
 * certificate names {@code 127.0.0.1} and {@code localhost}, is valid for 60 days (the API warns about
 * one that expires within 30), and is for
 * TLS servers only. Making one costs seven keytool runs (about a second each): once per test class.
 *
 * @param caPem       the CA's certificate, PEM: what a client trusts ({@code memfleet query --cacert})
 * @param keyStore    PKCS12: the server's key, its certificate and the CA's (the chain)
 * @param trustStore  PKCS12: the CA's certificate only (a server's trust store for its peers)
 * @param password    of both key stores and the key
 */
public record TestCertificates(Path caPem, Path keyStore, Path trustStore, String password) {

    private static final String PASSWORD = "test-only-password";

    /** Makes the CA and the server certificate in {@code dir}. */
    public static TestCertificates generate(Path dir) {
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path keyStore = dir.resolve("server.p12");
        Path request = dir.resolve("server.csr");
        Path signed = dir.resolve("server.pem");
        Path chain = dir.resolve("server-chain.pem");
        Path trustStore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=memfleet test CA", "-ext", "bc:c", "-validity", "60", "-storetype", "PKCS12",
                "-keystore", ca.toString(), "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=127.0.0.1", "-validity", "60", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", PASSWORD,
                "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-infile", request.toString(), "-outfile", signed.toString(), "-validity", "60",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth");
        try {
            Files.writeString(chain, Files.readString(signed) + Files.readString(caPem));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + chain, e);
        }
        // A reply holding the whole chain: keytool checks it ends in the CA and stores it with the key.
        keytool("-importcert", "-noprompt", "-alias", "server", "-keystore", keyStore.toString(),
                "-storepass", PASSWORD, "-file", chain.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-storetype", "PKCS12", "-keystore",
                trustStore.toString(), "-storepass", PASSWORD, "-file", caPem.toString());
        return new TestCertificates(caPem, keyStore, trustStore, PASSWORD);
    }

    private static void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " did not finish within 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed ("
                        + process.exitValue() + "): " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool from " + System.getProperty("java.home"), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
