package javafutures.libraries;

import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.building.DefaultSettingsBuilderFactory;
import org.apache.maven.settings.building.DefaultSettingsBuildingRequest;
import org.apache.maven.settings.building.SettingsBuildingException;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecrypter;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;
import org.eclipse.aether.repository.Authentication;
import org.eclipse.aether.repository.AuthenticationSelector;
import org.eclipse.aether.repository.MirrorSelector;
import org.eclipse.aether.repository.ProxySelector;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.util.repository.DefaultProxySelector;
import org.sonatype.plexus.components.cipher.DefaultPlexusCipher;
import org.sonatype.plexus.components.sec.dispatcher.DefaultSecDispatcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The user's Maven configuration, read as {@code mvn} reads it: the user settings
 * ({@code ~/.m2/settings.xml}, or the file named by the system property {@code maven.user.settings}) over the
 * global ones ({@code maven.global.settings}, else {@code $MAVEN_HOME/conf/settings.xml}), with encrypted
 * passwords decrypted through {@code ~/.m2/settings-security.xml}. From it: the local repository
 * ({@code maven.repo.local} first, as in Maven), offline mode, mirrors, proxies, server credentials and the
 * repositories of active profiles. Read afresh for every resolution, so an edit takes effect at once.
 * Immutable once read.
 */
final class MavenSettings {
    final Settings settings;
    final Path userFile;
    final Path globalFile;
    private final List<Server> servers;
    private final List<Proxy> proxies;
    final List<String> warnings = new ArrayList<>();

    private MavenSettings(Settings settings, Path userFile, Path globalFile, List<Server> servers, List<Proxy> proxies) {
        this.settings = settings;
        this.userFile = userFile;
        this.globalFile = globalFile;
        this.servers = servers;
        this.proxies = proxies;
    }

    static Path userHome() {
        return Path.of(System.getProperty("user.home"));
    }

    /** @throws LibraryException when a settings file cannot be parsed (names the file and the line) */
    static MavenSettings load() throws LibraryException {
        Path user = pathProperty("maven.user.settings", userHome().resolve(".m2").resolve("settings.xml"));
        String mavenHome = firstNonBlank(System.getProperty("maven.home"), System.getenv("MAVEN_HOME"), System.getenv("M2_HOME"));
        Path global = pathProperty("maven.global.settings",
                mavenHome == null ? null : Path.of(mavenHome).resolve("conf").resolve("settings.xml"));
        DefaultSettingsBuildingRequest request = new DefaultSettingsBuildingRequest();
        if (Files.isRegularFile(user)) request.setUserSettingsFile(user.toFile());
        if (global != null && Files.isRegularFile(global)) request.setGlobalSettingsFile(global.toFile());
        request.setSystemProperties(System.getProperties());
        Settings effective;
        List<String> warnings = new ArrayList<>();
        try {
            var result = new DefaultSettingsBuilderFactory().newInstance().build(request);
            effective = result.getEffectiveSettings();
            for (SettingsProblem p : result.getProblems()) warnings.add(p.getMessage() + " (" + p.getLocation() + ")");
        } catch (SettingsBuildingException e) {
            StringBuilder sb = new StringBuilder("cannot read the Maven settings:");
            for (SettingsProblem p : e.getProblems()) sb.append("\n  ").append(p.getMessage()).append(" (").append(p.getLocation()).append(')');
            throw new LibraryException(sb.toString());
        }
        Path security = pathProperty("settings.security", userHome().resolve(".m2").resolve("settings-security.xml"));
        SettingsDecryptionResult decrypted = new DefaultSettingsDecrypter(
                new DefaultSecDispatcher(new DefaultPlexusCipher(), Map.of(), security.toString()))
                .decrypt(new DefaultSettingsDecryptionRequest(effective));
        for (SettingsProblem p : decrypted.getProblems()) warnings.add(p.getMessage());
        MavenSettings s = new MavenSettings(effective, user, global, decrypted.getServers(), decrypted.getProxies());
        s.warnings.addAll(warnings);
        return s;
    }

    private static Path pathProperty(String name, Path fallback) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? fallback : Path.of(v.replaceFirst("^~", System.getProperty("user.home")));
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    /** {@code maven.repo.local}, else the settings' {@code <localRepository>}, else {@code ~/.m2/repository}. */
    Path localRepository() {
        String prop = System.getProperty("maven.repo.local");
        if (prop != null && !prop.isBlank()) return Path.of(prop);
        String fromSettings = settings.getLocalRepository();
        if (fromSettings != null && !fromSettings.isBlank()) return Path.of(fromSettings.strip());
        return userHome().resolve(".m2").resolve("repository");
    }

    boolean offline() {
        return settings.isOffline();
    }

    /** Where the settings came from, for messages. */
    String describeFiles() {
        List<String> files = new ArrayList<>();
        if (Files.isRegularFile(userFile)) files.add(userFile.toString());
        if (globalFile != null && Files.isRegularFile(globalFile)) files.add(globalFile.toString());
        return files.isEmpty() ? "no settings.xml (looked for " + userFile + ")" : String.join(" and ", files);
    }

    MirrorSelector mirrors() {
        DefaultMirrorSelector selector = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            selector.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(), m.getMirrorOfLayouts());
        }
        return selector;
    }

    ProxySelector proxies() {
        DefaultProxySelector selector = new DefaultProxySelector();
        for (Proxy p : proxies) {
            if (!p.isActive()) continue;
            Authentication auth = p.getUsername() == null ? null
                    : new AuthenticationBuilder().addUsername(p.getUsername()).addPassword(p.getPassword()).build();
            selector.add(new org.eclipse.aether.repository.Proxy(p.getProtocol(), p.getHost(), p.getPort(), auth),
                    p.getNonProxyHosts());
        }
        return selector;
    }

    AuthenticationSelector authentication() {
        DefaultAuthenticationSelector selector = new DefaultAuthenticationSelector();
        for (Server s : servers) {
            selector.add(s.getId(), new AuthenticationBuilder().addUsername(s.getUsername()).addPassword(s.getPassword())
                    .addPrivateKey(s.getPrivateKey(), s.getPassphrase()).build());
        }
        return selector;
    }

    /** The repositories of the profiles that are active: listed in {@code <activeProfiles>} or active by default. */
    List<RemoteRepository> profileRepositories() {
        List<RemoteRepository> repos = new ArrayList<>();
        for (Profile p : settings.getProfiles()) {
            boolean active = settings.getActiveProfiles().contains(p.getId())
                    || (p.getActivation() != null && p.getActivation().isActiveByDefault());
            if (!active) continue;
            for (org.apache.maven.settings.Repository r : p.getRepositories()) {
                RemoteRepository.Builder b = new RemoteRepository.Builder(r.getId(),
                        r.getLayout() == null ? "default" : r.getLayout(), r.getUrl());
                if (r.getReleases() != null) b.setReleasePolicy(policy(r.getReleases()));
                if (r.getSnapshots() != null) b.setSnapshotPolicy(policy(r.getSnapshots()));
                repos.add(b.build());
            }
        }
        return repos;
    }

    private static RepositoryPolicy policy(org.apache.maven.settings.RepositoryPolicy p) {
        return new RepositoryPolicy(p.isEnabled(), p.getUpdatePolicy(), p.getChecksumPolicy());
    }
}
