package org.jamesmsa.server;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

/**
 * The bundle's own tables beside James's in the JPA database, written in plain SQL that Derby and PostgreSQL both
 * speak: OpenJPA's mapping would need build-time enhancement for classes of ours, for a few rows of simple columns.
 */
final class NativeTables {
    interface Work {
        int run(EntityManager em);
    }

    private NativeTables() {
    }

    /** One committed transaction; rolled back when {@code work} throws. */
    static int inTransaction(EntityManagerFactory database, Work work) {
        EntityManager em = database.createEntityManager();
        try {
            em.getTransaction().begin();
            int result = work.run(em);
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    /** Made by the first node that finds it missing; a node that loses the race to make it finds it made. */
    static void createUnlessThere(EntityManagerFactory database, String table, String columns) {
        try {
            inTransaction(database, em -> em.createNativeQuery("CREATE TABLE " + table + " (" + columns + ")").executeUpdate());
        } catch (RuntimeException alreadyThere) {
            inTransaction(database, em -> em.createNativeQuery("SELECT COUNT(*) FROM " + table + " WHERE 1 = 0")
                .getResultList().size());
        }
    }
}
