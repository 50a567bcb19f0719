package org.jamesmsa.extension;

import java.util.Optional;
import java.util.stream.Stream;

import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryPath;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.api.Protocol;
import org.apache.james.mailrepository.memory.MemoryMailRepository;

/** A store of one in-memory repository (James's own), whatever URL is asked: where held messages wait in tests. */
final class OneRepositoryStore implements MailRepositoryStore {
    final MemoryMailRepository repository = new MemoryMailRepository();
    MailRepositoryUrl selected;

    @Override
    public MailRepository select(MailRepositoryUrl url) {
        selected = url;
        return repository;
    }

    @Override
    public Optional<Protocol> defaultProtocol() {
        return Optional.of(new Protocol("memory"));
    }

    @Override
    public Optional<MailRepository> get(MailRepositoryUrl url) {
        return Optional.of(select(url));
    }

    @Override
    public Stream<MailRepository> getByPath(MailRepositoryPath path) {
        return Stream.of(repository);
    }

    @Override
    public Stream<MailRepositoryUrl> getUrls() {
        return Optional.ofNullable(selected).stream();
    }
}
