SET ROLE {role}
