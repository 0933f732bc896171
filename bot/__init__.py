"""asn-karier-bot: career management for ASN of Kecamatan Plaju over Telegram."""
