export interface DataKeyTable {
  id: string
  purpose: string
  owner_type: string
  owner_id: string
  suite: string
  /** The data key sealed with the master key; null once destroyed (crypto-shredding). */
  wrapped_key: string | null
  created_at: string
  destroyed_at: string | null
  destroyed_by: string | null
}

export interface SigningKeyTable {
  id: string
  purpose: string
  suite: string
  public_key: string
  wrapped_private_key: string
  created_at: string
  retired_at: string | null
}
