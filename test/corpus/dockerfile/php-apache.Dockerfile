# syntax=docker/dockerfile:1.7
# In the style of the official php images: extensions built with heredoc RUNs and a saved apt mark.
FROM php:8.3.9-apache-bookworm

RUN <<EOF
set -eux
savedAptMark="$(apt-mark showmanual)"
apt-get update
apt-get install -y --no-install-recommends \
    libfreetype6-dev \
    libjpeg62-turbo-dev \
    libpng-dev \
    libzip-dev
docker-php-ext-configure gd --with-freetype --with-jpeg
docker-php-ext-install -j "$(nproc)" gd opcache pdo_mysql zip
apt-mark auto '.*' > /dev/null
apt-mark manual $savedAptMark
ldd "$(php -r 'echo ini_get("extension_dir");')"/*.so \
    | awk '/=>/ { so = $(NF-1); if (index(so, "/usr/local/") == 1) { next }; gsub("^/(usr/)?", "", so); print so }' \
    | sort -u \
    | xargs -r dpkg-query --search \
    | cut -d: -f1 \
    | sort -u \
    | xargs -rt apt-mark manual
apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false
rm -rf /var/lib/apt/lists/*
EOF

RUN <<-EOT cat > "$PHP_INI_DIR/conf.d/opcache-recommended.ini"
	opcache.memory_consumption=128
	opcache.interned_strings_buffer=8
	opcache.max_accelerated_files=4000
	opcache.revalidate_freq=2
	EOT

RUN a2enmod rewrite expires headers

COPY --chown=root:root public/ /var/www/html/
RUN mkdir -p /var/www/html/storage && chown www-data:www-data /var/www/html/storage

USER www-data
EXPOSE 80
CMD ["apache2-foreground"]
